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

// kelaOfficeAppointments lists, per Kela office, the Kela offerings it
// gives by appointment, which residents book in person.
func kelaOfficeAppointments(c *catalogue.Catalogue) map[string][]catalogue.Offering {
	kela := map[string]bool{}
	for _, s := range c.Services {
		if s.Organisation == "kela" {
			kela[s.Slug] = true
		}
	}
	offices := map[string]bool{}
	for _, p := range c.Points {
		if p.Kind == catalogue.Office {
			offices[p.Slug] = true
		}
	}
	out := map[string][]catalogue.Offering{}
	for _, o := range c.Offerings {
		if offices[o.Point] && kela[o.Service] && o.AppointmentHours != "" {
			out[o.Point] = append(out[o.Point], o)
		}
	}
	return out
}

// TestKelaOfficesStaffedInPerson checks that every Kela office that takes
// appointments has, for each service it takes them for, a Kela expert
// qualified for it who works there within those hours, and a room staff
// can book for the visit (the slot search wants a free advisory or
// meeting room for every in-person appointment).
func TestKelaOfficesStaffedInPerson(t *testing.T) {
	c := Catalogue()
	offices := kelaOfficeAppointments(c)
	if len(offices) < 12 {
		t.Fatalf("%d Kela offices take appointments, want at least 12", len(offices))
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
	for point, offerings := range offices {
		if rooms[point] == 0 {
			t.Errorf("Kela office %s has no advisory or meeting room staff can book", point)
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
				t.Errorf("Kela office %s: nobody qualified for %s works there in its appointment hours %q", point, o.Service, o.AppointmentHours)
			}
		}
	}
}

// TestKelaOfficesHaveInPersonTimes loads the demo into a fresh SQLite
// database, as `onestop serve --demo` does, and searches each Kela
// office for an in-person appointment in each service it takes
// appointments for in the two weeks from Monday 30 November 2026: a
// resident who looks finds a free time.
func TestKelaOfficesHaveInPersonTimes(t *testing.T) {
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
	from, _, loc := sampleWeeks(t)
	now := from.Add(7 * time.Hour) // Monday 07:00 in Helsinki, before the offices open
	offices := kelaOfficeAppointments(Catalogue())
	for _, point := range slices.Sorted(maps.Keys(offices)) {
		for _, o := range offices[point] {
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
