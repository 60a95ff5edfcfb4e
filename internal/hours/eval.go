package hours

import (
	"time"
)

// dayInfo caches what the selectors ask about one day.
type dayInfo struct {
	n       day
	date    Date
	weekday int
	week    int // ISO week, computed lazily (0 = not yet)
	ph      int // index into finnishPH, -1 if none, -2 not yet computed
}

func newDayInfo(n day) dayInfo {
	return dayInfo{n: n, date: n.date(), weekday: int(n.weekday()), ph: -2}
}

func (d *dayInfo) holiday() int {
	if d.ph == -2 {
		d.ph = -1
		if i, ok := publicHoliday(d.n); ok {
			d.ph = i
		}
	}
	return d.ph
}

func (d *dayInfo) isoWeek() int {
	if d.week == 0 {
		d.week = d.n.isoWeek()
	}
	return d.week
}

func (s *selector) matches(d *dayInfo) bool {
	switch s.kind {
	case selYear:
		y := d.date.Year
		switch {
		case y < s.a:
			return false
		case s.step > 0 || s.plus:
			if s.ranged && y > s.b {
				return false
			}
			return s.step == 0 || (y-s.a)%s.step == 0
		default:
			return y <= s.b
		}
	case selPH:
		return d.holiday() >= 0
	case selMonth:
		m := int(d.date.Month)
		if s.a <= s.b {
			return s.a <= m && m <= s.b
		}
		return m >= s.a || m <= s.b
	case selDate:
		return s.matchDate(d)
	case selWeek:
		if s.a == 1 && s.b == 53 && s.step == 0 {
			return true
		}
		w := d.isoWeek()
		return s.a <= w && w <= s.b && (s.step == 0 || (w-s.a)%s.step == 0)
	case selWeekday:
		if s.a <= s.b {
			return s.a <= d.weekday && d.weekday <= s.b
		}
		return d.weekday >= s.a || d.weekday <= s.b
	case selNth:
		return d.n == nthWeekday(d.date.Year, d.date.Month, s.a, s.b)
	}
	return false
}

// matchDate follows the reference: both ends are resolved in the year of the
// day (unless a year is given), and a range whose end comes before its start
// selects everything outside it ("Dec 31-Jan 01" wraps the new year).
func (s *selector) matchDate(d *dayInfo) bool {
	fy, ty := s.from.year, s.to.year
	if fy == 0 {
		fy, ty = d.date.Year, d.date.Year
	}
	from := daysFromCivil(fy, int(s.from.month), 1) + day(s.from.day-1)
	to := daysFromCivil(ty, int(s.to.month), 1) + day(s.to.day) // exclusive
	if to < from {
		return d.n < to || d.n >= from
	}
	if d.n < from || d.n >= to {
		return false
	}
	return s.step == 0 || int(d.n-from)%s.step == 0
}

// nthWeekday returns the day of the nth (1..5, or -1..-5 from the end)
// weekday wd of a month, or a day outside the month when there is none.
func nthWeekday(y int, m time.Month, wd, nth int) day {
	if nth > 0 {
		first := daysFromCivil(y, int(m), 1)
		d := first + day((wd-int(first.weekday())+7)%7) + day(7*(nth-1))
		if d.date().Month != m {
			return -1 << 40
		}
		return d
	}
	next := daysFromCivil(y, int(m)+1, 1)
	d := next + day((wd-int(next.weekday())+7)%7) + day(7*nth)
	if d.date().Month != m {
		return -1 << 40
	}
	return d
}

// matchRule reports whether the rule's date selectors select the day, and
// whether a PH selector matched on the way (the reference then reports the
// holiday's name as the comment).
func (r *rule) matchRule(d *dayInfo) (ok, phHit bool) {
	for g := range r.groups {
		sels := r.groups[g]
		if len(sels) == 0 {
			continue
		}
		any := false
		for i := range sels {
			if sels[i].matches(d) {
				any = true
				if sels[i].kind == selPH {
					phHit = true
				}
			}
		}
		if !any {
			return false, phHit
		}
	}
	return true, phHit
}

// dayPlan is the outcome of date matching for one day: which compiled rules
// apply, in order, and which rule's PH match names the holiday.
type dayPlan struct {
	list   []int
	phRule int
	phName string
}

// plan matches the dates of day n. It appends to list, whose backing array
// the caller owns: a stack array keeps evaluation free of allocations.
func (rs *Rules) plan(n day, list []int) dayPlan {
	dp := dayPlan{list: list[:0], phRule: -1}
	today := newDayInfo(n)
	var yesterday dayInfo
	haveYesterday := false
	for i := range rs.eval {
		c := &rs.eval[i]
		d := &today
		if c.wrapped {
			if !haveYesterday {
				yesterday, haveYesterday = newDayInfo(n-1), true
			}
			d = &yesterday
		}
		ok, ph := c.rule.matchRule(d)
		// The reference names the holiday only for the rule's own day: the
		// part of a PH rule that runs past midnight carries no name.
		if ph && !c.wrapped {
			dp.phRule, dp.phName = i, finnishPH[d.holiday()].ref
		}
		if !ok {
			continue
		}
		if c.resets {
			dp.list = dp.list[:0]
		}
		dp.list = append(dp.list, i)
	}
	return dp
}

// at folds the applying rules at a minute of the day, as the reference does:
// later rules win, a fallback rule only fills a closed state.
func (rs *Rules) at(dp *dayPlan, minute int) (State, string) {
	st, match := Closed, -1
	for _, i := range dp.list {
		c := &rs.eval[i]
		for _, s := range c.spans {
			if s.from <= minute && minute < s.to {
				if !c.fallback || st == Closed {
					st, match = c.rule.state, i
				}
				break
			}
		}
	}
	if match < 0 {
		return st, ""
	}
	if r := rs.eval[match].rule; r.hasComment {
		return st, r.comment
	}
	if match == dp.phRule {
		return st, dp.phName
	}
	return st, ""
}

// segment is a piece of one day with one state, in minutes [from, to).
type segment struct {
	from, to int
	state    State
	comment  string
}

// daySegments splits a day into maximal pieces of equal state and comment.
func (rs *Rules) daySegments(n day, out []segment) []segment {
	var buf [16]int
	dp := rs.plan(n, buf[:0])
	var cuts [64]int
	bp := append(cuts[:0], 0)
	for _, i := range dp.list {
		for _, s := range rs.eval[i].spans {
			bp = append(bp, s.from, s.to)
		}
	}
	// insertion sort: a handful of cut points per day
	for i := 1; i < len(bp); i++ {
		for j := i; j > 0 && bp[j-1] > bp[j]; j-- {
			bp[j-1], bp[j] = bp[j], bp[j-1]
		}
	}
	start := len(out)
	for i, from := range bp {
		if from >= 1440 || i+1 < len(bp) && bp[i+1] == from {
			continue
		}
		st, cm := rs.at(&dp, from)
		if k := len(out); k > start && out[k-1].state == st && out[k-1].comment == cm {
			continue
		}
		if k := len(out); k > start {
			out[k-1].to = from
		}
		out = append(out, segment{from: from, to: 1440, state: st, comment: cm})
	}
	return out
}

// StateAt returns the state at t, with the comment of the rule that decided
// it, evaluating the rules in loc's wall-clock time. Seconds are ignored, as
// in the reference: rules have minute resolution.
func (rs *Rules) StateAt(t time.Time, loc *time.Location) (State, string) {
	lt := t.In(loc)
	var buf [16]int
	dp := rs.plan(dayNum(DateOf(lt)), buf[:0])
	return rs.at(&dp, lt.Hour()*60+lt.Minute())
}

// Interval is a half-open range [Start, End) in which a place is open, or
// in an unknown state when Unknown is set.
type Interval struct {
	Start, End time.Time
	Unknown    bool
	Comment    string
}

// wallTime turns a wall-clock minute of a day into an instant. In the
// autumn the hour after the change happens twice; like the reference we
// take the first of the two. A wall-clock time skipped in spring maps to
// the same clock reading after the change (03:30 becomes 04:30).
func wallTime(n day, minute int, loc *time.Location) time.Time {
	d := n.date()
	t := time.Date(d.Year, d.Month, d.Day, 0, minute, 0, 0, loc)
	_, off := t.Zone()
	if _, before := t.Add(-3 * time.Hour).Zone(); before > off {
		e := t.Add(-time.Duration(before-off) * time.Second)
		if e.Hour() == t.Hour() && e.Minute() == t.Minute() && e.Day() == t.Day() {
			return e
		}
	}
	return t
}

// walk calls fn for each maximal piece of equal state and comment that
// overlaps [from, to), clipped to it, until fn returns false.
func (rs *Rules) walk(from, to time.Time, loc *time.Location, fn func(start, end time.Time, st State, comment string) bool) {
	if !from.Before(to) {
		return
	}
	first := dayNum(DateOf(from.In(loc)))
	last := dayNum(DateOf(to.In(loc)))
	var buf [32]segment
	var cur segment
	var curStart time.Time
	have := false
	for n := first; n <= last; n++ {
		segs := rs.daySegments(n, buf[:0])
		for _, s := range segs {
			if have && s.state == cur.state && s.comment == cur.comment {
				continue
			}
			start := wallTime(n, s.from, loc)
			if have {
				if !emit(curStart, start, from, to, cur, fn) {
					return
				}
			}
			if !start.Before(to) {
				return
			}
			cur, curStart, have = s, start, true
		}
	}
	if have {
		emit(curStart, to, from, to, cur, fn)
	}
}

func emit(start, end, from, to time.Time, s segment, fn func(time.Time, time.Time, State, string) bool) bool {
	if start.Before(from) {
		start = from
	}
	if end.After(to) {
		end = to
	}
	if !start.Before(end) {
		return true
	}
	return fn(start, end, s.state, s.comment)
}

// Intervals returns the open and unknown intervals within [from, to), in
// loc, with neighbours of equal state and comment merged.
func (rs *Rules) Intervals(from, to time.Time, loc *time.Location) []Interval {
	var out []Interval
	rs.walk(from, to, loc, func(s, e time.Time, st State, cm string) bool {
		if st != Closed {
			out = append(out, Interval{Start: s, End: e, Unknown: st == Unknown, Comment: cm})
		}
		return true
	})
	return out
}

// NextChange returns the first instant after t and before limit at which the
// state or comment changes, and false when it stays the same until limit.
func (rs *Rules) NextChange(t time.Time, loc *time.Location, limit time.Time) (time.Time, bool) {
	var next time.Time
	found := false
	rs.walk(t, limit, loc, func(s, _ time.Time, _ State, _ string) bool {
		if s.After(t) {
			next, found = s, true
			return false
		}
		return true
	})
	return next, found
}
