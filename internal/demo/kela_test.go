package demo

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
	"github.com/onestop-fi/onestop/internal/store"
)

// kelaInPersonAppointments lists, per point residents visit (Kela's own
// offices, the municipality-run asiointipisteet and the joint service
// points; not the remote point), the Kela offerings it gives by
// appointment, which residents book in person. At an asiointipiste the
// expert serves by video, but the customer books a visit to the point.
func kelaInPersonAppointments(c *catalogue.Catalogue) map[string][]catalogue.Offering {
	kela := map[string]bool{}
	for _, s := range c.Services {
		if s.Organisation == "kela" {
			kela[s.Slug] = true
		}
	}
	visited := map[string]bool{}
	for _, p := range c.Points {
		if p.Kind != catalogue.Remote {
			visited[p.Slug] = true
		}
	}
	out := map[string][]catalogue.Offering{}
	for _, o := range c.Offerings {
		if visited[o.Point] && kela[o.Service] && o.AppointmentHours != "" {
			out[o.Point] = append(out[o.Point], o)
		}
	}
	return out
}

// countKinds counts the points of each kind among points.
func countKinds(c *catalogue.Catalogue, points map[string][]catalogue.Offering) map[catalogue.PointKind]int {
	n := map[catalogue.PointKind]int{}
	for _, p := range c.Points {
		if _, ok := points[p.Slug]; ok {
			n[p.Kind]++
		}
	}
	return n
}

// TestKelaPointsStaffedInPerson checks that every point that takes Kela
// appointments in person, Kela's offices and the asiointipisteet alike,
// has, for each service it takes them for, a Kela expert qualified for it
// who is scheduled there within those hours, and a room staff can book
// for the visit (the slot search wants a free advisory or meeting room
// for every in-person appointment).
func TestKelaPointsStaffedInPerson(t *testing.T) {
	c := Catalogue()
	points := kelaInPersonAppointments(c)
	kinds := countKinds(c, points)
	if kinds[catalogue.Office] < 12 {
		t.Errorf("%d Kela offices take appointments, want at least 12", kinds[catalogue.Office])
	}
	partners := 0
	for _, p := range c.Points {
		if p.Kind == catalogue.Partner {
			partners++
		}
	}
	if partners < 4 || kinds[catalogue.Partner] != partners {
		t.Errorf("%d of %d asiointipisteet take Kela appointments in person, want all and at least 4", kinds[catalogue.Partner], partners)
	}
	staff := map[string]catalogue.StaffMember{}
	for _, m := range c.Staff {
		staff[m.Slug] = m
	}
	rooms := map[string]int{}
	for _, r := range c.Resources {
		if (r.Kind == catalogue.AdvisoryRoom || r.Kind == catalogue.MeetingRoom) &&
			(r.BookableBy == catalogue.StaffOnly || r.BookableBy == catalogue.Residents) {
			rooms[r.Point]++
		}
	}
	for _, point := range slices.Sorted(maps.Keys(points)) {
		offerings := points[point]
		if rooms[point] == 0 {
			t.Errorf("point %s takes Kela appointments but has no advisory or meeting room staff can book", point)
		}
		for _, o := range offerings {
			open := intervalsOf(t, point+" "+o.Service, o.AppointmentHours)
			var experts []string
			for _, s := range Schedules() {
				m := staff[s.Staff]
				if s.Point != point || m.Organisation != "kela" || !slices.Contains(m.Services, o.Service) {
					continue
				}
				if len(hours.Intersect(open, intervalsOf(t, describeSchedule(s), s.Hours))) > 0 {
					experts = append(experts, s.Staff)
				}
			}
			if len(experts) == 0 {
				t.Errorf("point %s: nobody qualified for %s works there in its appointment hours %q", point, o.Service, o.AppointmentHours)
			}
		}
	}
}

// servedDemo is a fresh SQLite database with the demo's catalogue and
// schedules, as `onestop serve --demo` loads them.
func servedDemo(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSchedules(ctx, db.Appointments()); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestKelaPointsHaveInPersonTimes loads the demo into a fresh SQLite
// database, as `onestop serve --demo` does, and searches each point that
// takes Kela appointments in person (offices and asiointipisteet) for an
// in-person appointment in each service it takes appointments for in the
// two weeks from Monday 30 November 2026: a resident who looks finds a
// free time.
func TestKelaPointsHaveInPersonTimes(t *testing.T) {
	ctx := context.Background()
	db := servedDemo(t)
	from, _, loc := sampleWeeks(t)
	now := from.Add(7 * time.Hour) // Monday 07:00 in Helsinki, before the offices open
	c := Catalogue()
	points := kelaInPersonAppointments(c)
	if n := countKinds(c, points); n[catalogue.Office] < 12 || n[catalogue.Partner] < 4 {
		t.Fatalf("searching %d Kela offices and %d asiointipisteet, want at least 12 and 4", n[catalogue.Office], n[catalogue.Partner])
	}
	for _, point := range slices.Sorted(maps.Keys(points)) {
		for _, o := range points[point] {
			q := booking.Query{Services: []string{o.Service}, Point: point, Channel: booking.InPerson,
				From: now, To: now.AddDate(0, 0, 14), Now: now, Limit: 1}
			slots, err := booking.Search(ctx, db.Catalogue(), db.Appointments(), q)
			if err != nil {
				t.Errorf("searching %s at %s: %v", o.Service, point, err)
				continue
			}
			if len(slots) == 0 {
				t.Errorf("no in-person time for %s at %s in the two weeks from %s", o.Service, point, now.In(loc).Format("Mon 2006-01-02"))
			}
		}
	}
}

// TestKelaOfficesStaffedEveryDay checks that on every day one of Kela's
// own offices takes appointments for a service, in the eight sample
// weeks, a Kela expert qualified for it works there for part of those
// hours: a resident who wants a Friday at Kela's Helsinki office finds
// one, not an office open for appointments with nobody to meet.
func TestKelaOfficesStaffedEveryDay(t *testing.T) {
	c := Catalogue()
	_, _, loc := sampleWeeks(t)
	staff := map[string]catalogue.StaffMember{}
	for _, m := range c.Staff {
		staff[m.Slug] = m
	}
	offices := map[string]bool{}
	for _, p := range c.Points {
		offices[p.Slug] = p.Kind == catalogue.Office
	}
	points := kelaInPersonAppointments(c)
	checked := 0
	for _, point := range slices.Sorted(maps.Keys(points)) {
		if !offices[point] {
			continue
		}
		for _, o := range points[point] {
			open := intervalsOf(t, point+" "+o.Service, o.AppointmentHours)
			staffed := map[string]bool{}
			for _, s := range Schedules() {
				m := staff[s.Staff]
				if s.Point != point || m.Organisation != "kela" || !slices.Contains(m.Services, o.Service) {
					continue
				}
				for _, x := range hours.Intersect(open, intervalsOf(t, describeSchedule(s), s.Hours)) {
					staffed[x.Start.In(loc).Format(time.DateOnly)] = true
				}
			}
			var empty []string
			for _, x := range open {
				day := x.Start.In(loc)
				if d := day.Format(time.DateOnly); !staffed[d] && !slices.Contains(empty, day.Weekday().String()) {
					empty = append(empty, day.Weekday().String())
				}
			}
			if len(empty) > 0 {
				t.Errorf("%s takes appointments for %s on %v, but no expert for it works there then", point, o.Service, empty)
			}
			checked++
		}
	}
	if checked < 12 {
		t.Errorf("checked %d offerings of Kela's offices, want at least 12", checked)
	}
}
