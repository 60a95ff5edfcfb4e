package booking

import (
	"time"

	"github.com/onestop-fi/onestop/internal/hours"
)

// DefaultLimit is the number of slots FindSlots returns when the
// problem does not bound it.
const DefaultLimit = 50

// FindSlots returns the free slots of p in increasing order of start:
// every start time on the step grid from p.From to p.To (inclusive) at
// which, for the whole duration, the point is open, each need has a
// staff member, an asked interpreter is free and, in person, a room is
// free. It stops after p.Limit slots (50 when p.Limit ≤ 0). The same
// problem always gives the same slots.
//
// The step grid is wall-clock time in the zone of p.From: the instants
// whose local time of day is a multiple of p.Step counted from local
// midnight. On the spring-forward day no 03:xx clock reading exists in
// Europe/Helsinki, so nothing starts then; on the autumn day 03:00–03:59
// is read twice, an hour apart, and each of those instants is a start of
// its own, in instant order. Durations and buffers are exact (instant
// arithmetic), so a slot over a change is still p.Duration long.
//
// Choosing people: for each need in order, a person already chosen for
// an earlier need of the slot if they fit (a customer meets fewer
// people), otherwise the first staff member in the given order who
// fits. Fitting means being available for the whole slot and having no
// reservation within p.Buffer of it. The interpreter is the first who
// fits and is not one of the slot's staff; a room is the first free over
// the slot itself (rooms need no buffer).
//
// Available and Open lists must be sorted; touching intervals count as
// one (09:00–12:00 and 12:00–16:00 hold an 11:30–12:30 slot), and
// intervals whose state is unknown count as closed. Busy lists must be
// sorted by start.
//
// There are no slots when there are no needs, a need has no staff, an
// asked interpreter list or an in-person room list is empty, or the
// duration or step is not positive.
func FindSlots(p Problem) []Slot {
	if len(p.Needs) == 0 || p.Duration <= 0 || p.Step <= 0 || p.To.Before(p.From) ||
		(p.Interpreters != nil && len(p.Interpreters) == 0) ||
		(p.Rooms != nil && len(p.Rooms) == 0) {
		return nil
	}
	for _, n := range p.Needs {
		if len(n.Staff) == 0 {
			return nil
		}
	}
	limit := p.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	g := grid{loc: p.From.Location(), step: p.Step}
	s := newSearch(&p)
	open := &track{available: p.Open}
	var out []Slot
	for t := g.ceil(p.From); !t.After(p.To) && len(out) < limit; {
		end := t.Add(p.Duration)
		if ok, next := open.cover(t, end); !ok {
			if next.IsZero() {
				break // the point does not open again
			}
			t = g.ceil(next)
			continue
		}
		if s.fit(t, end) {
			out = append(out, s.slot(t, end))
		}
		t = g.ceil(t.Add(time.Nanosecond))
	}
	return out
}

// grid is the wall-clock step grid of a zone.
type grid struct {
	loc  *time.Location
	step time.Duration
}

// ceil returns the first grid instant at or after x. Within one zone
// period (between two offset changes) the wall clock runs with the
// instant, so the next grid reading is a plain addition away; when that
// addition crosses a change, the grid resumes from the first instant of
// the new period, read on the new clock. This never asks time.Date to
// resolve a wall-clock reading, which is ambiguous in the autumn hour.
func (g grid) ceil(x time.Time) time.Time {
	x = x.In(g.loc)
	for {
		h, m, s := x.Clock()
		sinceMidnight := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
			time.Duration(s)*time.Second + time.Duration(x.Nanosecond())
		r := sinceMidnight % g.step
		if r == 0 {
			return x
		}
		// The grid restarts at each local midnight, whether or not the
		// step divides a day.
		delta := min(g.step-r, 24*time.Hour-sinceMidnight)
		next := x.Add(delta)
		_, change := x.ZoneBounds()
		if change.IsZero() || next.Before(change) {
			return next
		}
		x = change.In(g.loc)
	}
}

// track follows one candidate's intervals as the start time grows:
// a and b index the first Available and Busy intervals that can still
// matter, so that each check costs amortised constant time.
type track struct {
	slug      string
	available []hours.Interval
	busy      []hours.Interval
	a, b      int
}

// cover reports whether [t, end) lies inside the available intervals.
// When it does not, next is the earliest start that might (zero when
// none can). t must not decrease from call to call.
func (k *track) cover(t, end time.Time) (ok bool, next time.Time) {
	av := k.available
	for k.a < len(av) && (!av[k.a].End.After(t) || av[k.a].Unknown) {
		k.a++
	}
	if k.a == len(av) {
		return false, time.Time{}
	}
	if av[k.a].Start.After(t) {
		return false, av[k.a].Start
	}
	reach := av[k.a].End
	j := k.a + 1
	for ; reach.Before(end) && j < len(av) && !av[j].Start.After(reach) && !av[j].Unknown; j++ {
		reach = later(reach, av[j].End)
	}
	if !reach.Before(end) {
		return true, time.Time{}
	}
	// No start at or after t fits before reach; try the next interval.
	for ; j < len(av); j++ {
		if !av[j].Unknown && av[j].Start.After(t) {
			return false, av[j].Start
		}
	}
	return false, time.Time{}
}

// free reports whether the candidate can take part in [t, end): there
// for all of it and with nothing booked in [lo, hi), the slot widened by
// the buffer. t must not decrease from call to call, nor lo for one
// track.
func (k *track) free(t, end, lo, hi time.Time) bool {
	if ok, _ := k.cover(t, end); !ok {
		return false
	}
	bs := k.busy
	// Busy is sorted by start: once the first interval still ending
	// after lo starts at or after hi, so do all the others.
	for k.b < len(bs) && !bs[k.b].End.After(lo) {
		k.b++
	}
	return k.b == len(bs) || !bs[k.b].Start.Before(hi)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// search holds the tracks of one FindSlots call and the people chosen
// for the slot being checked.
type search struct {
	p            *Problem
	needs        [][]track
	interpreters []track
	rooms        []track
	// index maps, per need, a staff slug to its track, to find a person
	// already chosen for an earlier need.
	index []map[string]int
	// chosen is the staff track chosen for each need; interpreter and
	// room the tracks chosen for the slot (-1 for none).
	chosen      []int
	interpreter int
	room        int
	// t, end is the slot being checked; lo, hi the same widened by
	// the buffer.
	t, end, lo, hi time.Time
}

// free reports whether a person is free for the slot being checked.
func (s *search) free(k *track) bool { return k.free(s.t, s.end, s.lo, s.hi) }

func newSearch(p *Problem) *search {
	s := &search{p: p, needs: make([][]track, len(p.Needs)), chosen: make([]int, len(p.Needs))}
	for i, n := range p.Needs {
		s.needs[i] = tracks(n.Staff)
	}
	if len(p.Needs) > 1 {
		s.index = make([]map[string]int, len(p.Needs))
		for i, n := range p.Needs {
			s.index[i] = make(map[string]int, len(n.Staff))
			for j := len(n.Staff) - 1; j >= 0; j-- { // the first of duplicates wins
				s.index[i][n.Staff[j].Slug] = j
			}
		}
	}
	s.interpreters = tracks(p.Interpreters)
	s.rooms = tracks(p.Rooms)
	return s
}

// tracks makes the tracks of candidates; nil stays nil (not asked for).
func tracks(cs []Candidate) []track {
	if cs == nil {
		return nil
	}
	out := make([]track, len(cs))
	for i, c := range cs {
		out[i] = track{slug: c.Slug, available: c.Available, busy: c.Busy}
	}
	return out
}

// fit reports whether [t, end) can be booked and, if so, leaves the
// people and room chosen for it in s.
func (s *search) fit(t, end time.Time) bool {
	s.t, s.end = t, end
	s.lo, s.hi = t.Add(-s.p.Buffer), end.Add(s.p.Buffer)
	s.interpreter, s.room = -1, -1
	if !s.chooseStaff("") {
		return false
	}
	if s.interpreters != nil {
		// Staff are chosen first. The interpreter is the first who fits
		// and is not one of them; only when every interpreter who fits
		// is one of them are the staff chosen again without that person.
		for i := range s.interpreters {
			if s.free(&s.interpreters[i]) && !s.isStaff(s.interpreters[i].slug) {
				s.interpreter = i
				break
			}
		}
		for i := 0; s.interpreter < 0 && i < len(s.interpreters); i++ {
			if s.free(&s.interpreters[i]) && s.chooseStaff(s.interpreters[i].slug) {
				s.interpreter = i
			}
		}
		if s.interpreter < 0 {
			return false
		}
	}
	if s.rooms != nil {
		for i := range s.rooms {
			// Rooms need no buffer.
			if s.rooms[i].free(t, end, t, end) {
				s.room = i
				break
			}
		}
		if s.room < 0 {
			return false
		}
	}
	return true
}

// chooseStaff chooses a staff member for each need, never the person
// named by not.
func (s *search) chooseStaff(not string) bool {
	for i, ts := range s.needs {
		s.chosen[i] = -1
		for j := 0; j < i && s.index != nil; j++ {
			k, ok := s.index[i][s.needs[j][s.chosen[j]].slug]
			if ok && ts[k].slug != not && s.free(&ts[k]) {
				s.chosen[i] = k
				break
			}
		}
		for k := 0; s.chosen[i] < 0 && k < len(ts); k++ {
			if ts[k].slug != not && s.free(&ts[k]) {
				s.chosen[i] = k
			}
		}
		if s.chosen[i] < 0 {
			return false
		}
	}
	return true
}

func (s *search) isStaff(slug string) bool {
	for i, k := range s.chosen {
		if s.needs[i][k].slug == slug {
			return true
		}
	}
	return false
}

// slot builds the slot s.fit chose for [t, end).
func (s *search) slot(t, end time.Time) Slot {
	sl := Slot{
		Start:    t,
		End:      end,
		Point:    s.p.Point,
		Channel:  s.p.Channel,
		Services: make([]string, len(s.needs)),
		Staff:    make([]string, len(s.needs)),
	}
	for i, k := range s.chosen {
		sl.Services[i] = s.p.Needs[i].Service
		sl.Staff[i] = s.needs[i][k].slug
	}
	if s.interpreter >= 0 {
		sl.Interpreter = s.interpreters[s.interpreter].slug
	}
	if s.room >= 0 {
		sl.Room = s.rooms[s.room].slug
	}
	return sl
}
