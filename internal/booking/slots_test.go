package booking

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Helsinki even without a zoneinfo database

	"github.com/onestop-fi/onestop/internal/hours"
)

func helsinki(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// monday is the day most cases happen on: Monday 2 March 2026.
var monday = [3]int{2026, 3, 2}

// at is a wall-clock time in loc on Monday 2 March 2026, or on a later
// day with a "Tue" prefix ("Tue 09:00").
func at(loc *time.Location, s string) time.Time {
	days := 0
	if day, clock, ok := strings.Cut(s, " "); ok {
		days = slices.Index([]string{"Mon", "Tue", "Wed", "Thu", "Fri"}, day)
		s = clock
	}
	c, err := time.Parse("15:04", s)
	if err != nil {
		panic(err)
	}
	return time.Date(monday[0], time.Month(monday[1]), monday[2]+days, c.Hour(), c.Minute(), 0, 0, loc)
}

// ivs makes intervals from "09:00-12:00" or "Tue 09:00-12:00".
func ivs(loc *time.Location, spans ...string) []hours.Interval {
	var out []hours.Interval
	for _, s := range spans {
		from, to, _ := strings.Cut(s, "-")
		if day, _, ok := strings.Cut(from, " "); ok {
			to = day + " " + to
		}
		out = append(out, hours.Interval{Start: at(loc, from), End: at(loc, to)})
	}
	return out
}

// show writes a slot as "Mon 09:00 anna,ben i:ivan r:room1".
func show(s Slot) string {
	out := s.Start.Format("Mon 15:04") + " " + strings.Join(s.Staff, ",")
	if s.Interpreter != "" {
		out += " i:" + s.Interpreter
	}
	if s.Room != "" {
		out += " r:" + s.Room
	}
	return out
}

func shows(slots []Slot) []string {
	out := []string{}
	for _, s := range slots {
		out = append(out, show(s))
	}
	return out
}

func TestFindSlots(t *testing.T) {
	loc := helsinki(t)
	staff := func(slug string, available []hours.Interval, busy ...string) Candidate {
		return Candidate{Slug: slug, Available: available, Busy: ivs(loc, busy...)}
	}
	day := ivs(loc, "09:00-16:00")
	base := func() Problem {
		return Problem{
			Point: "kamppi", Channel: InPerson, Open: day,
			Duration: time.Hour, Step: 30 * time.Minute,
			From: at(loc, "08:00"), To: at(loc, "18:00"),
		}
	}
	one := func(cs ...Candidate) []Need { return []Need{{Service: "benefits", Staff: cs}} }
	tests := []struct {
		name string
		edit func(p *Problem)
		want []string
	}{{
		name: "one service, one staff member inside the point's hours",
		edit: func(p *Problem) {
			p.Duration, p.Step = 45*time.Minute, 15*time.Minute
			p.Needs = one(staff("anna", ivs(loc, "10:00-12:00")))
		},
		want: []string{"Mon 10:00 anna", "Mon 10:15 anna", "Mon 10:30 anna", "Mon 10:45 anna", "Mon 11:00 anna", "Mon 11:15 anna"},
	}, {
		name: "staff hours outside the point's hours give nothing",
		edit: func(p *Problem) {
			p.Open = ivs(loc, "09:00-12:00")
			p.Needs = one(staff("anna", ivs(loc, "11:30-16:00")))
		},
		want: []string{},
	}, {
		name: "busy with a buffer, none against the schedule's ends",
		edit: func(p *Problem) {
			p.Buffer = 15 * time.Minute
			p.Needs = one(staff("anna", day, "11:00-12:00"))
		},
		// 09:30+1h+15min ends at 10:45, before 11:00; 12:30-15min is after 12:00.
		want: []string{"Mon 09:00 anna", "Mon 09:30 anna", "Mon 12:30 anna", "Mon 13:00 anna", "Mon 13:30 anna", "Mon 14:00 anna", "Mon 14:30 anna", "Mon 15:00 anna"},
	}, {
		name: "a busy interval that only touches the slot is not in the way",
		edit: func(p *Problem) {
			p.To = at(loc, "11:00")
			p.Needs = one(staff("anna", day, "10:00-10:30", "11:30-12:00"))
		},
		want: []string{"Mon 09:00 anna", "Mon 10:30 anna"},
	}, {
		name: "second staff member when the first is busy",
		edit: func(p *Problem) {
			p.To = at(loc, "10:00")
			p.Needs = one(staff("anna", day, "09:00-09:30"), staff("ben", day))
		},
		want: []string{"Mon 09:00 ben", "Mon 09:30 anna", "Mon 10:00 anna"},
	}, {
		name: "joint visit: a Kela expert and a city counsellor both free",
		edit: func(p *Problem) {
			p.Needs = []Need{
				{Service: "kela-benefits", Staff: []Candidate{staff("kela-anna", ivs(loc, "09:00-12:00"))}},
				{Service: "city-social-work", Staff: []Candidate{staff("city-ben", ivs(loc, "10:00-16:00"), "10:30-11:00")}},
			}
		},
		want: []string{"Mon 11:00 kela-anna,city-ben"},
	}, {
		name: "one person gives two needs, preferred over the next need's first",
		edit: func(p *Problem) {
			p.To = at(loc, "11:00")
			p.Step = time.Hour
			p.Needs = []Need{
				{Service: "kela-benefits", Staff: []Candidate{staff("anna", day, "09:00-10:00"), staff("ben", day)}},
				{Service: "kela-housing", Staff: []Candidate{staff("carl", day), staff("anna", day, "09:00-10:00")}},
			}
		},
		want: []string{"Mon 09:00 ben,carl", "Mon 10:00 anna,anna", "Mon 11:00 anna,anna"},
	}, {
		name: "a need nobody can give leaves no slot",
		edit: func(p *Problem) {
			p.Needs = []Need{
				{Service: "kela-benefits", Staff: []Candidate{staff("anna", day)}},
				{Service: "city-social-work", Staff: []Candidate{staff("ben", day, "08:00-17:00")}},
			}
		},
		want: []string{},
	}, {
		name: "interpreter asked and none free",
		edit: func(p *Problem) {
			p.Needs = one(staff("anna", day))
			p.Interpreters = []Candidate{staff("ivan", day, "09:00-16:00"), staff("iris", ivs(loc, "17:00-18:00"))}
		},
		want: []string{},
	}, {
		name: "interpreter with buffer, the first free one",
		edit: func(p *Problem) {
			p.To = at(loc, "10:30")
			p.Buffer = 10 * time.Minute
			p.Needs = one(staff("anna", day))
			p.Interpreters = []Candidate{staff("ivan", day, "10:10-11:00"), staff("iris", day, "09:00-09:30")}
		},
		// At 09:30 ivan's next booking and the end of iris's last are
		// both within ten minutes.
		want: []string{"Mon 09:00 anna i:ivan", "Mon 10:00 anna i:iris", "Mon 10:30 anna i:iris"},
	}, {
		name: "the interpreter is never one of the slot's staff",
		edit: func(p *Problem) {
			p.To = at(loc, "09:30")
			p.Needs = one(staff("anna", day), staff("ben", day, "10:00-10:30"))
			p.Interpreters = []Candidate{staff("anna", day), staff("ivan", day, "09:00-09:30")}
		},
		// At 09:00 only anna can interpret, so ben gives the service.
		want: []string{"Mon 09:00 ben i:anna", "Mon 09:30 anna i:ivan"},
	}, {
		name: "in person with no rooms",
		edit: func(p *Problem) {
			p.Needs = one(staff("anna", day))
			p.Rooms = []Candidate{}
		},
		want: []string{},
	}, {
		name: "in person with every room taken",
		edit: func(p *Problem) {
			p.Needs = one(staff("anna", day))
			p.Rooms = []Candidate{staff("room-1", day, "09:00-16:00"), staff("room-2", day, "08:00-17:00")}
		},
		want: []string{},
	}, {
		name: "the first free room, with no buffer for rooms",
		edit: func(p *Problem) {
			p.To = at(loc, "11:00")
			p.Buffer = 15 * time.Minute
			p.Needs = one(staff("anna", day))
			p.Rooms = []Candidate{staff("room-1", day, "10:00-11:00"), staff("room-2", ivs(loc, "09:30-16:00"))}
		},
		want: []string{"Mon 09:00 anna r:room-1", "Mon 09:30 anna r:room-2", "Mon 10:00 anna r:room-2", "Mon 10:30 anna r:room-2", "Mon 11:00 anna r:room-1"},
	}, {
		name: "gaps in the point's hours are skipped, across days",
		edit: func(p *Problem) {
			p.Open = ivs(loc, "09:00-10:00", "13:00-13:45", "14:00-15:00", "Tue 09:00-10:00")
			p.Duration = 30 * time.Minute
			p.To = at(loc, "Wed 18:00")
			p.Needs = one(staff("anna", ivs(loc, "08:00-16:00", "Tue 08:00-16:00")))
		},
		want: []string{"Mon 09:00 anna", "Mon 09:30 anna", "Mon 13:00 anna", "Mon 14:00 anna", "Mon 14:30 anna", "Tue 09:00 anna", "Tue 09:30 anna"},
	}, {
		name: "touching intervals count as one",
		edit: func(p *Problem) {
			p.Open = ivs(loc, "09:00-10:00", "10:00-11:00")
			p.Needs = one(staff("anna", ivs(loc, "09:00-10:30", "10:30-12:00")))
		},
		want: []string{"Mon 09:00 anna", "Mon 09:30 anna", "Mon 10:00 anna"},
	}, {
		name: "hours of unknown state are not open",
		edit: func(p *Problem) {
			p.Open = []hours.Interval{{Start: at(loc, "09:00"), End: at(loc, "12:00"), Unknown: true}, {Start: at(loc, "12:00"), End: at(loc, "13:00")}}
			p.Needs = one(staff("anna", day))
		},
		want: []string{"Mon 12:00 anna"},
	}, {
		name: "From off the grid rounds up",
		edit: func(p *Problem) {
			p.Step = 15 * time.Minute
			p.From = at(loc, "09:07")
			p.To = at(loc, "09:30")
			p.Needs = one(staff("anna", day))
		},
		want: []string{"Mon 09:15 anna", "Mon 09:30 anna"},
	}, {
		name: "From a nanosecond past the grid rounds up a whole step",
		edit: func(p *Problem) {
			p.From = at(loc, "09:00").Add(time.Nanosecond)
			p.To = at(loc, "10:00")
			p.Needs = one(staff("anna", day))
		},
		want: []string{"Mon 09:30 anna", "Mon 10:00 anna"},
	}, {
		name: "Limit",
		edit: func(p *Problem) {
			p.Limit = 3
			p.Needs = one(staff("anna", day))
		},
		want: []string{"Mon 09:00 anna", "Mon 09:30 anna", "Mon 10:00 anna"},
	}, {
		name: "no Limit means 50",
		edit: func(p *Problem) {
			p.Step = time.Minute
			p.Needs = one(staff("anna", day))
		},
		want: func() []string {
			var out []string
			for i := range 50 {
				out = append(out, at(loc, "09:00").Add(time.Duration(i)*time.Minute).Format("Mon 15:04")+" anna")
			}
			return out
		}(),
	}, {
		name: "no needs",
		edit: func(p *Problem) {},
		want: []string{},
	}, {
		name: "a need without staff",
		edit: func(p *Problem) {
			p.Needs = []Need{{Service: "benefits", Staff: []Candidate{staff("anna", day)}}, {Service: "housing"}}
		},
		want: []string{},
	}, {
		name: "To before From",
		edit: func(p *Problem) {
			p.From, p.To = p.To, p.From
			p.Needs = one(staff("anna", day))
		},
		want: []string{},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(&p)
			got := FindSlots(p)
			if !slices.Equal(shows(got), tt.want) {
				t.Errorf("got  %q\nwant %q", shows(got), tt.want)
			}
			for _, s := range got {
				if s.Point != p.Point || s.Channel != p.Channel || s.End.Sub(s.Start) != p.Duration ||
					s.Start.Location() != loc || s.End.Location() != loc {
					t.Errorf("slot %+v: wrong point, channel, length or zone", s)
				}
				var services []string
				for _, n := range p.Needs {
					services = append(services, n.Service)
				}
				if !slices.Equal(s.Services, services) {
					t.Errorf("slot services %q, want %q", s.Services, services)
				}
			}
		})
	}
}

func TestFindSlotsDSTSpring(t *testing.T) {
	loc := helsinki(t)
	// Sunday 29 March 2026: clocks go from 03:00 EET to 04:00 EEST.
	day := func(h, m int) time.Time { return time.Date(2026, 3, 29, h, m, 0, 0, loc) }
	allDay := []hours.Interval{{Start: day(0, 0), End: day(24, 0)}}
	p := Problem{
		Point: "kamppi", Channel: Video,
		Open:     []hours.Interval{{Start: day(2, 0), End: day(6, 0)}, {Start: day(9, 0), End: day(10, 0)}},
		Needs:    []Need{{Service: "benefits", Staff: []Candidate{{Slug: "anna", Available: allDay}}}},
		Duration: 30 * time.Minute, Step: 15 * time.Minute,
		From: day(0, 0), To: day(23, 0),
	}
	got := FindSlots(p)
	var clocks []string
	for _, s := range got {
		clocks = append(clocks, s.Start.Format("15:04"))
		if s.End.Sub(s.Start) != p.Duration {
			t.Errorf("slot %s–%s is not %v long", s.Start, s.End, p.Duration)
		}
	}
	want := []string{"02:00", "02:15", "02:30", "02:45", "04:00", "04:15", "04:30", "04:45",
		"05:00", "05:15", "05:30", "09:00", "09:15", "09:30"}
	if !slices.Equal(clocks, want) {
		t.Errorf("starts %q\nwant   %q", clocks, want)
	}
	// 02:45 EET + 30 min ends at 04:15 EEST: one instant-exact half hour
	// across the change.
	if i := slices.Index(clocks, "02:45"); i < 0 || got[i].End.Format("15:04 MST") != "04:15 EEST" {
		t.Errorf("the 02:45 slot should end at 04:15 EEST")
	}
	if i := slices.Index(clocks, "09:00"); i < 0 || !got[i].Start.Equal(time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC)) {
		t.Errorf("the 09:00 slot should start at 06:00 UTC")
	}
}

func TestFindSlotsDSTAutumn(t *testing.T) {
	loc := helsinki(t)
	// Sunday 25 October 2026: clocks go back from 04:00 EEST to 03:00
	// EET, so 03:00–03:59 is read twice.
	utc := func(h, m int) time.Time { return time.Date(2026, 10, 25, h, m, 0, 0, time.UTC) }
	open := hours.Interval{Start: time.Date(2026, 10, 25, 2, 0, 0, 0, loc), End: time.Date(2026, 10, 25, 5, 0, 0, 0, loc)}
	if open.End.Sub(open.Start) != 4*time.Hour {
		t.Fatalf("02:00–05:00 local on the autumn day should be 4 hours, is %v", open.End.Sub(open.Start))
	}
	p := Problem{
		Point: "kamppi", Channel: Video,
		Open:     []hours.Interval{open},
		Needs:    []Need{{Service: "benefits", Staff: []Candidate{{Slug: "anna", Available: []hours.Interval{open}}}}},
		Duration: 15 * time.Minute, Step: 15 * time.Minute,
		From: open.Start, To: open.End,
	}
	got := FindSlots(p)
	var clocks []string
	for i, s := range got {
		clocks = append(clocks, s.Start.Format("15:04 MST"))
		if s.End.Sub(s.Start) != p.Duration {
			t.Errorf("slot %s–%s is not %v long", s.Start, s.End, p.Duration)
		}
		if i > 0 && !s.Start.After(got[i-1].Start) {
			t.Errorf("slot %d at %s is not after %s", i, s.Start, got[i-1].Start)
		}
	}
	want := []string{
		"02:00 EEST", "02:15 EEST", "02:30 EEST", "02:45 EEST",
		"03:00 EEST", "03:15 EEST", "03:30 EEST", "03:45 EEST",
		"03:00 EET", "03:15 EET", "03:30 EET", "03:45 EET",
		"04:00 EET", "04:15 EET", "04:30 EET", "04:45 EET",
	}
	if !slices.Equal(clocks, want) {
		t.Fatalf("starts %q\nwant   %q", clocks, want)
	}
	// The two 03:00 are an hour apart: 00:00 and 01:00 UTC.
	if !got[4].Start.Equal(utc(0, 0)) || !got[8].Start.Equal(utc(1, 0)) {
		t.Errorf("03:00 twice: got %s and %s, want 00:00 and 01:00 UTC", got[4].Start.UTC(), got[8].Start.UTC())
	}
	// The slot starting at the first 03:45 ends at the second 03:00.
	if !got[7].End.Equal(got[8].Start) {
		t.Errorf("03:45 EEST + 15 min = %s, want %s", got[7].End, got[8].Start)
	}
}

func TestGridCeil(t *testing.T) {
	loc := helsinki(t)
	date := func(y int, mo time.Month, d, h, m int) time.Time { return time.Date(y, mo, d, h, m, 0, 0, loc) }
	autumnFirst0350 := time.Date(2026, 10, 25, 0, 50, 0, 0, time.UTC).In(loc) // 03:50 EEST
	tests := []struct {
		name string
		loc  *time.Location
		step time.Duration
		x    time.Time
		want time.Time
	}{
		{"on the grid", loc, 15 * time.Minute, date(2026, 3, 2, 9, 15), date(2026, 3, 2, 9, 15)},
		{"rounds up", loc, 15 * time.Minute, date(2026, 3, 2, 9, 1), date(2026, 3, 2, 9, 15)},
		{"seconds round up", loc, time.Minute, date(2026, 3, 2, 9, 1).Add(time.Second), date(2026, 3, 2, 9, 2)},
		{"counted from midnight", loc, 25 * time.Minute, date(2026, 3, 2, 9, 1), date(2026, 3, 2, 9, 10)},
		{"restarts at midnight", loc, 25 * time.Minute, date(2026, 3, 2, 23, 50), date(2026, 3, 3, 0, 0)},
		{"a step longer than a day", loc, 36 * time.Hour, date(2026, 3, 2, 0, 1), date(2026, 3, 3, 0, 0)},
		{"over the spring gap", loc, 15 * time.Minute, date(2026, 3, 29, 2, 50), time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		{"into the second autumn hour", loc, 15 * time.Minute, autumnFirst0350, time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC)},
		{"45 min steps into the second autumn hour", loc, 45 * time.Minute, time.Date(2026, 10, 25, 0, 46, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC)},
		{"UTC", time.UTC, 15 * time.Minute, time.Date(2026, 3, 29, 1, 1, 0, 0, loc), time.Date(2026, 3, 28, 23, 15, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := grid{loc: tt.loc, step: tt.step}.ceil(tt.x)
			if !got.Equal(tt.want) || got.Location() != tt.loc {
				t.Errorf("ceil(%s) = %s, want %s", tt.x, got, tt.want.In(tt.loc))
			}
		})
	}
}

// TestFindSlotsAgainstNaive compares FindSlots with a slow search
// written straight from the definition — every minute tried, every
// interval scanned — on random problems around both DST changes.
func TestFindSlotsAgainstNaive(t *testing.T) {
	loc := helsinki(t)
	days := []time.Time{
		time.Date(2026, 3, 27, 0, 0, 0, 0, loc),
		time.Date(2026, 10, 23, 0, 0, 0, 0, loc),
		time.Date(2026, 6, 1, 0, 0, 0, 0, loc),
	}
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 1))
		p := randomProblem(r, days[seed%3])
		got, want := FindSlots(p), naiveFindSlots(p)
		if !reflect.DeepEqual(shows(got), shows(want)) || !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d:\ngot  %q\nwant %q", seed, shows(got), shows(want))
		}
	}
}

// randomIntervals makes sorted intervals over four days from day, in
// minutes, some touching, some unknown when unknown is set.
func randomIntervals(r *rand.Rand, day time.Time, n int, maxLen int, unknown bool) []hours.Interval {
	var out []hours.Interval
	at := r.IntN(300)
	for range n {
		start := at + r.IntN(240)
		if r.IntN(5) == 0 {
			start = at // touching the previous one
		}
		end := start + 5 + r.IntN(maxLen)
		out = append(out, hours.Interval{
			Start:   day.Add(time.Duration(start) * time.Minute),
			End:     day.Add(time.Duration(end) * time.Minute),
			Unknown: unknown && r.IntN(10) == 0,
		})
		at = end
	}
	return out
}

func randomProblem(r *rand.Rand, day time.Time) Problem {
	candidate := func(slug string) Candidate {
		return Candidate{Slug: slug, Available: randomIntervals(r, day, 8, 600, false), Busy: randomIntervals(r, day, 20, 90, false)}
	}
	people := []string{"anna", "ben", "carl", "dora", "eino"}
	p := Problem{
		Point: "kamppi", Channel: InPerson,
		Open:     randomIntervals(r, day, 10, 900, true),
		Duration: time.Duration(15+r.IntN(90)) * time.Minute,
		Buffer:   time.Duration(r.IntN(3)*10) * time.Minute,
		// 25 minutes does not divide a day: the grid restarts at midnight.
		Step:  []time.Duration{5 * time.Minute, 15 * time.Minute, 20 * time.Minute, 25 * time.Minute, 45 * time.Minute, time.Hour}[r.IntN(6)],
		From:  day.Add(time.Duration(r.IntN(600)) * time.Minute),
		Limit: r.IntN(80),
	}
	p.To = p.From.Add(time.Duration(r.IntN(4*24*60)) * time.Minute)
	for i := range 1 + r.IntN(3) {
		n := Need{Service: fmt.Sprint("service-", i)}
		for _, j := range r.Perm(len(people))[:1+r.IntN(3)] {
			n.Staff = append(n.Staff, candidate(people[j]))
		}
		p.Needs = append(p.Needs, n)
	}
	if r.IntN(2) == 0 {
		p.Interpreters = []Candidate{}
		for _, j := range r.Perm(len(people))[:r.IntN(3)] {
			p.Interpreters = append(p.Interpreters, candidate(people[j]))
		}
	}
	if r.IntN(3) > 0 {
		p.Rooms = []Candidate{}
		for i := range r.IntN(3) {
			p.Rooms = append(p.Rooms, candidate(fmt.Sprint("room-", i)))
		}
	}
	return p
}

// naiveFindSlots is FindSlots by its definition, slowly.
func naiveFindSlots(p Problem) []Slot {
	if len(p.Needs) == 0 || (p.Interpreters != nil && len(p.Interpreters) == 0) || (p.Rooms != nil && len(p.Rooms) == 0) {
		return nil
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	loc := p.From.Location()
	inside := func(list []hours.Interval, t, end time.Time) bool {
		// Merge touching known intervals, then look for one holding [t, end).
		var merged []hours.Interval
		for _, iv := range list {
			if iv.Unknown {
				merged = append(merged, hours.Interval{}) // breaks a run
				continue
			}
			if n := len(merged); n > 0 && !merged[n-1].End.IsZero() && !iv.Start.After(merged[n-1].End) {
				merged[n-1].End = iv.End
				continue
			}
			merged = append(merged, iv)
		}
		for _, iv := range merged {
			if !iv.End.IsZero() && !iv.Start.After(t) && !iv.End.Before(end) {
				return true
			}
		}
		return false
	}
	free := func(c Candidate, t, end time.Time, buffer time.Duration) bool {
		if !inside(c.Available, t, end) {
			return false
		}
		for _, b := range c.Busy {
			if b.Start.Before(end.Add(buffer)) && b.End.After(t.Add(-buffer)) {
				return false
			}
		}
		return true
	}
	var out []Slot
	// Every minute from From (rounded up to a minute) whose local clock
	// is a multiple of the step since midnight.
	t := p.From.In(loc).Truncate(time.Minute)
	if t.Before(p.From) {
		t = t.Add(time.Minute)
	}
	for ; !t.After(p.To) && len(out) < limit; t = t.Add(time.Minute) {
		h, m, _ := t.Clock()
		if time.Duration(h*60+m)*time.Minute%p.Step != 0 {
			continue
		}
		end := t.Add(p.Duration)
		if !inside(p.Open, t, end) {
			continue
		}
		choose := func(not string) []string {
			var chosen []string
			for _, n := range p.Needs {
				pick := ""
				for _, c := range chosen {
					if i := slices.IndexFunc(n.Staff, func(x Candidate) bool { return x.Slug == c }); i >= 0 && c != not && free(n.Staff[i], t, end, p.Buffer) {
						pick = c
						break
					}
				}
				for _, c := range n.Staff {
					if pick == "" && c.Slug != not && free(c, t, end, p.Buffer) {
						pick = c.Slug
					}
				}
				if pick == "" {
					return nil
				}
				chosen = append(chosen, pick)
			}
			return chosen
		}
		staff := choose("")
		if staff == nil {
			continue
		}
		interpreter := ""
		if p.Interpreters != nil {
			for _, c := range p.Interpreters {
				if free(c, t, end, p.Buffer) && !slices.Contains(staff, c.Slug) {
					interpreter = c.Slug
					break
				}
			}
			for _, c := range p.Interpreters {
				if interpreter == "" && free(c, t, end, p.Buffer) {
					if again := choose(c.Slug); again != nil {
						staff, interpreter = again, c.Slug
					}
				}
			}
			if interpreter == "" {
				continue
			}
		}
		room := ""
		if p.Rooms != nil {
			for _, c := range p.Rooms {
				if free(c, t, end, 0) {
					room = c.Slug
					break
				}
			}
			if room == "" {
				continue
			}
		}
		var services []string
		for _, n := range p.Needs {
			services = append(services, n.Service)
		}
		out = append(out, Slot{Start: t, End: end, Point: p.Point, Channel: p.Channel,
			Services: services, Staff: staff, Interpreter: interpreter, Room: room})
	}
	return out
}

func TestFindSlotsDeterministic(t *testing.T) {
	p, _ := benchProblem(t)
	first := FindSlots(p)
	if len(first) != 20 {
		t.Fatalf("got %d slots, want 20", len(first))
	}
	for range 5 {
		if again := FindSlots(p); !reflect.DeepEqual(again, first) {
			t.Fatalf("a second search gave other slots:\n%q\n%q", shows(again), shows(first))
		}
	}
	if want := naiveFindSlots(p); !reflect.DeepEqual(first, want) {
		t.Fatalf("got  %q\nwant %q", shows(first), shows(want))
	}
}

// benchProblem is a search at a busy point: 30 staff (15 Kela experts,
// 15 city counsellors) working Mon–Fri 9–16 with their first five weeks
// nearly fully booked and the next three lightly, three interpreters
// and four rooms, over eight weeks; a one-hour joint visit with an
// interpreter, in person, the first 20 slots. It also returns the point's
// hours.
func benchProblem(tb testing.TB) (Problem, *hours.Rules) {
	loc := helsinki(tb)
	from := time.Date(2026, 3, 2, 8, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 56)
	pointHours := hours.MustParse("Mo-Fr 08:00-16:00; PH off")
	open := pointHours.Intervals(from, to.Add(24*time.Hour), loc)
	schedule := hours.MustParse("Mo-Fr 09:00-16:00; PH off").Intervals(from, to.Add(24*time.Hour), loc)
	r := rand.New(rand.NewPCG(2026, 3))
	// busy books 45-minute appointments in most hours of the first
	// five weeks and in some hours after.
	busy := func() []hours.Interval {
		var out []hours.Interval
		for _, iv := range schedule {
			week := int(iv.Start.Sub(from) / (7 * 24 * time.Hour))
			p := 90
			if week >= 5 {
				p = 35
			}
			for h := iv.Start; h.Before(iv.End); h = h.Add(time.Hour) {
				if r.IntN(100) < p {
					s := h.Add(time.Duration(r.IntN(2)*15) * time.Minute)
					out = append(out, hours.Interval{Start: s, End: s.Add(45 * time.Minute)})
				}
			}
		}
		return out
	}
	people := func(prefix string, n int, available []hours.Interval) []Candidate {
		out := make([]Candidate, n)
		for i := range out {
			out[i] = Candidate{Slug: fmt.Sprintf("%s-%02d", prefix, i+1), Available: available, Busy: busy()}
		}
		return out
	}
	p := Problem{
		Point: "kamppi", Channel: InPerson, Open: open,
		Needs: []Need{
			{Service: "kela-benefits", Staff: people("kela", 15, schedule)},
			{Service: "city-social-work", Staff: people("city", 15, schedule)},
		},
		Interpreters: people("interpreter-ar", 3, schedule),
		Rooms:        people("room", 4, open),
		Duration:     time.Hour, Buffer: 10 * time.Minute, Step: 15 * time.Minute,
		From: from, To: to, Limit: 20,
	}
	return p, pointHours
}

// BenchmarkFindSlots measures the search of benchProblem against a
// baseline that walks the same stretch of start times (From to the last
// slot found) step by step and only asks whether the point is open,
// and reports the ratio as x-baseline. It also reports the 99th
// percentile of single searches.
func BenchmarkFindSlots(b *testing.B) {
	p, _ := benchProblem(b)
	last := FindSlots(p)[19].Start
	var baseline float64
	b.Run("baseline", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n = 0
			o := 0
			for t := p.From; !t.After(last); t = t.Add(p.Step) {
				for o < len(p.Open) && !p.Open[o].End.After(t) {
					o++
				}
				if o < len(p.Open) && !p.Open[o].Start.After(t) {
					n++
				}
			}
		}
		if n == 0 {
			b.Fatal("no open instants")
		}
		baseline = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("joint-interpreter-room", func(b *testing.B) {
		b.ReportAllocs()
		times := make([]time.Duration, 0, 1024)
		for b.Loop() {
			start := time.Now()
			if len(FindSlots(p)) != 20 {
				b.Fatal("want 20 slots")
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
		if baseline > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseline, "x-baseline")
		}
	})
}

func TestOpenFor(t *testing.T) {
	loc := helsinki(t)
	open := ivs(loc, "Mon 08:00-12:00", "Mon 13:00-16:00", "Tue 08:00-16:00")
	for _, c := range []struct {
		from, to string
		need     time.Duration
		want     string
	}{
		// Five open hours from Monday 06:00: the morning's four and an
		// hour after lunch.
		{"Mon 06:00", "Wed 06:00", 5 * time.Hour, "Mon 14:00"},
		// From 10.00: two hours before lunch, three after.
		{"Mon 10:00", "Wed 06:00", 5 * time.Hour, "Mon 16:00"},
		// From within the lunch break, the next day.
		{"Mon 12:30", "Wed 06:00", 5 * time.Hour, "Tue 10:00"},
		// Not open long enough before to: to.
		{"Mon 06:00", "Mon 15:00", 9 * time.Hour, "Mon 15:00"},
		{"Mon 06:00", "Tue 09:00", 8 * time.Hour, "Tue 09:00"},
		// Exactly reached at an interval's end.
		{"Mon 06:00", "Wed 06:00", 4 * time.Hour, "Mon 12:00"},
	} {
		got := openFor(open, at(loc, c.from), at(loc, c.to), c.need)
		if want := at(loc, c.want); !got.Equal(want) {
			t.Errorf("from %s to %s, %s open: %s, want %s", c.from, c.to, c.need, got.In(loc).Format("Mon 15:04"), c.want)
		}
	}
	// Intervals of unknown state are not open.
	unknown := []hours.Interval{{Start: at(loc, "Mon 08:00"), End: at(loc, "Mon 16:00"), Unknown: true}}
	if got, to := openFor(unknown, at(loc, "Mon 06:00"), at(loc, "Tue 06:00"), time.Hour), at(loc, "Tue 06:00"); !got.Equal(to) {
		t.Errorf("unknown hours counted as open: %s", got)
	}
}
