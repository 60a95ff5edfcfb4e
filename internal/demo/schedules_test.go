package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
)

// sampleWeeks is the range the schedule tests evaluate: eight weeks from
// Monday 30 November 2026, across Independence Day, Christmas and the new
// year.
func sampleWeeks(t *testing.T) (from, to time.Time, loc *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation(helsinki)
	if err != nil {
		t.Fatal(err)
	}
	from = time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 0, 8*7), loc
}

// intervalsOf evaluates an opening_hours value over the sample weeks.
func intervalsOf(t *testing.T, what, value string) []hours.Interval {
	t.Helper()
	r, err := hours.Parse(value)
	if err != nil {
		t.Fatalf("%s: hours %q: %v", what, value, err)
	}
	from, to, loc := sampleWeeks(t)
	return r.Intervals(from, to, loc)
}

func describeSchedule(s booking.Schedule) string {
	where := s.Point
	if where == "" {
		where = "remote"
	}
	return fmt.Sprintf("%s at %s (%s)", s.Staff, where, s.Hours)
}

func formatIntervals(is []hours.Interval) string {
	var b strings.Builder
	for i, x := range is {
		if i == 3 {
			fmt.Fprintf(&b, " … (%d in all)", len(is))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s–%s", x.Start.Format("Mon 2006-01-02 15:04"), x.End.Format("15:04"))
	}
	return b.String()
}

func TestSchedulesParse(t *testing.T) {
	for _, s := range Schedules() {
		if _, err := hours.Parse(s.Hours); err != nil {
			t.Errorf("%s: %v", describeSchedule(s), err)
		}
		// Staff do not work on public holidays.
		if !strings.HasSuffix(s.Hours, "; PH off") {
			t.Errorf("%s: hours do not end in \"; PH off\"", describeSchedule(s))
		}
	}
}

func TestEveryoneWhoServesHasASchedule(t *testing.T) {
	c := Catalogue()
	staff := map[string]catalogue.StaffMember{}
	for _, m := range c.Staff {
		staff[m.Slug] = m
	}
	scheduled := map[string]bool{}
	onSite, remote := map[string]bool{}, map[string]bool{}
	for _, s := range Schedules() {
		m, ok := staff[s.Staff]
		if !ok {
			t.Errorf("%s: no such staff member", describeSchedule(s))
			continue
		}
		if len(m.Services) == 0 && !m.Interpreter {
			t.Errorf("%s: gives no services and does not interpret", describeSchedule(s))
		}
		scheduled[s.Staff] = true
		if s.Point == "" {
			remote[s.Staff] = true
		} else {
			onSite[s.Staff] = true
		}
	}
	for _, m := range c.Staff {
		if (len(m.Services) > 0 || m.Interpreter) && !scheduled[m.Slug] {
			t.Errorf("staff member %s has no schedule", m.Slug)
		}
		// Interpreters are at a joint service point on some days and
		// interpret remotely on others.
		if m.Interpreter && (!onSite[m.Slug] || !remote[m.Slug]) {
			t.Errorf("interpreter %s: on site %v, remote %v; want both", m.Slug, onSite[m.Slug], remote[m.Slug])
		}
	}
	// Remote hours for video and phone: Kela's experts and at least one
	// social worker.
	remoteBy := map[string]int{}
	for slug := range remote {
		if m := staff[slug]; !m.Interpreter {
			remoteBy[m.Organisation]++
			if slices.Contains(m.Services, "satakunta-adult-social-work") || slices.Contains(m.Services, "espoo-social-services") {
				remoteBy["social work"]++
			}
		}
	}
	if remoteBy["kela"] < 2 {
		t.Errorf("%d Kela experts have remote hours; want several", remoteBy["kela"])
	}
	if remoteBy["social work"] == 0 {
		t.Error("no social worker has remote hours")
	}
}

// TestSchedulesFitOfferings checks that each in-person schedule is at a
// point that offers one of the person's services and lies within the hours
// the services are given there and within the point's own opening hours.
// A schedule is for appointments, so the offerings' appointment hours
// count; staff whose services are walk-in only everywhere (library,
// service point, digital help, X-ray) are scheduled for their desk hours,
// and for them walk-in hours count. Remote schedules of people whose
// services have a remote point lie within that point's appointment hours.
func TestSchedulesFitOfferings(t *testing.T) {
	c := Catalogue()
	staff := map[string]catalogue.StaffMember{}
	for _, m := range c.Staff {
		staff[m.Slug] = m
	}
	points := map[string]catalogue.Point{}
	for _, p := range c.Points {
		points[p.Slug] = p
	}
	services := map[string]catalogue.Service{}
	for _, s := range c.Services {
		services[s.Slug] = s
	}
	byAppointmentAnywhere := map[string]bool{}
	for _, o := range c.Offerings {
		if o.AppointmentHours != "" {
			byAppointmentAnywhere[o.Service] = true
		}
	}
	for _, s := range Schedules() {
		m, ok := staff[s.Staff]
		if !ok {
			continue // reported by TestEveryoneWhoServesHasASchedule
		}
		what := describeSchedule(s)
		own := intervalsOf(t, what, s.Hours)
		if len(own) == 0 {
			t.Errorf("%s: never open in the sample weeks", what)
			continue
		}

		if s.Point == "" {
			if m.Interpreter {
				continue
			}
			remoteChannel := false
			for _, sv := range m.Services {
				chs := services[sv].Channels
				if slices.Contains(chs, catalogue.Video) || slices.Contains(chs, catalogue.Phone) {
					remoteChannel = true
				}
			}
			if !remoteChannel {
				t.Errorf("%s: remote hours, but none of %v is given by video or phone", what, m.Services)
			}
			rest, found := own, false
			for _, o := range c.Offerings {
				if p := points[o.Point]; p.Kind == catalogue.Remote && slices.Contains(m.Services, o.Service) && o.AppointmentHours != "" {
					found = true
					rest = hours.Subtract(rest, intervalsOf(t, o.Point+" "+o.Service, o.AppointmentHours))
				}
			}
			if found && len(rest) > 0 {
				t.Errorf("%s: outside the remote point's appointment hours: %s", what, formatIntervals(rest))
			}
			continue
		}

		p, ok := points[s.Point]
		if !ok {
			t.Errorf("%s: no such point", what)
			continue
		}
		if rest := hours.Subtract(own, intervalsOf(t, "point "+p.Slug, p.OpeningHours)); len(rest) > 0 {
			t.Errorf("%s: outside the point's opening hours %q: %s", what, p.OpeningHours, formatIntervals(rest))
		}
		if m.Interpreter {
			continue
		}
		walkInOnly := true
		for _, sv := range m.Services {
			if byAppointmentAnywhere[sv] {
				walkInOnly = false
			}
		}
		rest, found := own, false
		for _, o := range c.Offerings {
			if o.Point != s.Point || !slices.Contains(m.Services, o.Service) {
				continue
			}
			h := o.AppointmentHours
			if walkInOnly {
				h = o.WalkInHours
			}
			if h == "" {
				continue
			}
			found = true
			rest = hours.Subtract(rest, intervalsOf(t, o.Point+" "+o.Service, h))
		}
		switch {
		case !found && walkInOnly:
			t.Errorf("%s: the point offers none of %v", what, m.Services)
		case !found:
			t.Errorf("%s: the point offers none of %v by appointment", what, m.Services)
		case len(rest) > 0:
			t.Errorf("%s: outside the hours the point gives %v: %s", what, m.Services, formatIntervals(rest))
		}
	}
}

// TestNobodyInTwoPlaces checks that no two schedules of one person are open
// at the same instant, remote ones included.
func TestNobodyInTwoPlaces(t *testing.T) {
	type evaluated struct {
		booking.Schedule
		open []hours.Interval
	}
	byStaff := map[string][]evaluated{}
	var order []string
	for _, s := range Schedules() {
		if _, ok := byStaff[s.Staff]; !ok {
			order = append(order, s.Staff)
		}
		byStaff[s.Staff] = append(byStaff[s.Staff], evaluated{s, intervalsOf(t, describeSchedule(s), s.Hours)})
	}
	for _, slug := range order {
		list := byStaff[slug]
		for i := range list {
			for j := i + 1; j < len(list); j++ {
				if both := hours.Intersect(list[i].open, list[j].open); len(both) > 0 {
					t.Errorf("%s and %s overlap: %s", describeSchedule(list[i].Schedule), describeSchedule(list[j].Schedule), formatIntervals(both))
				}
			}
		}
	}
}

func TestAbsences(t *testing.T) {
	staff := map[string]bool{}
	for _, m := range Catalogue().Staff {
		staff[m.Slug] = true
	}
	schedules := map[string][]string{}
	for _, s := range Schedules() {
		schedules[s.Staff] = append(schedules[s.Staff], s.Hours)
	}
	_, _, loc := sampleWeeks(t)
	first := time.Date(2026, time.December, 1, 0, 0, 0, 0, loc)
	last := time.Date(2027, time.January, 31, 0, 0, 0, 0, loc)
	list := Absences()
	if len(list) < 2 {
		t.Errorf("%d absences; want a few", len(list))
	}
	for _, a := range list {
		what := fmt.Sprintf("absence of %s %s–%s", a.Staff, a.FirstDay, a.LastDay)
		if !staff[a.Staff] {
			t.Errorf("%s: no such staff member", what)
		}
		if a.Reason == "" {
			t.Errorf("%s: no reason", what)
		}
		from, err1 := time.ParseInLocation(time.DateOnly, a.FirstDay, loc)
		to, err2 := time.ParseInLocation(time.DateOnly, a.LastDay, loc)
		if err1 != nil || err2 != nil {
			t.Errorf("%s: days do not parse: %v %v", what, err1, err2)
			continue
		}
		if to.Before(from) {
			t.Errorf("%s: ends before it starts", what)
		}
		if from.Before(first) || to.After(last) {
			t.Errorf("%s: not in December 2026 or January 2027", what)
		}
		// An absence takes the person away from at least one working day.
		works := false
		for _, h := range schedules[a.Staff] {
			if len(hours.MustParse(h).Intervals(from, to.AddDate(0, 0, 1), loc)) > 0 {
				works = true
			}
		}
		if !works {
			t.Errorf("%s: the person has no working hours on those days", what)
		}
	}
}
