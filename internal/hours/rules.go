package hours

import "time"

// State is the state of a place at a moment.
type State int

// The three states of the opening_hours model.
const (
	Closed State = iota
	Open
	Unknown
)

func (s State) String() string {
	switch s {
	case Open:
		return "open"
	case Unknown:
		return "unknown"
	}
	return "closed"
}

// Rules is a parsed opening_hours value. It is immutable and safe for
// concurrent use.
type Rules struct {
	rules []rule
	// eval is the evaluation order: every rule, each followed by its
	// "wrapped" twin when its times run past midnight, exactly as the
	// reference evaluator builds it. The twin selects the previous day's
	// dates and carries the part after midnight.
	eval  []compiled
	usePH bool
}

// Date selector groups, in the order the reference evaluator checks them.
// Selectors inside one group are alternatives (OR); groups must all match
// (AND).
const (
	gYear = iota
	gHoliday
	gMonth
	gMonthday
	gWeek
	gWeekday
	numGroups
)

type rule struct {
	fallback   bool // in a group after "||"
	additional bool // started by "," and so does not override earlier rules
	groups     [numGroups][]selector
	times      []span
	state      State
	comment    string
	hasComment bool
}

func (r *rule) hasDate() bool {
	for _, g := range r.groups {
		if len(g) > 0 {
			return true
		}
	}
	return false
}

// span is a time range in minutes from the start of the rule's day:
// 0 <= from < 1440, from < to <= 2880. Past 1440 it runs into the next day.
type span struct{ from, to int }

type selKind int

const (
	selYear selKind = iota
	selPH
	selMonth
	selDate
	selWeek
	selWeekday
	selNth
)

// selector is one alternative of a date selector group. Fields are used
// according to kind; see matches.
type selector struct {
	kind    selKind
	a, b    int  // year, month, week or weekday range; for selNth a is the weekday, b the nth
	step    int  // period (/n), 0 when none
	plus    bool // year "2060+"
	ranged  bool // "a-b" was written (years, weeks)
	from    dateSpec
	to      dateSpec // for selDate; inclusive
	oneYear bool     // selDate written without a second month ("Jan 26-31")
}

// dateSpec is a date in a monthday selector; year 0 means every year.
type dateSpec struct {
	year  int
	month time.Month
	day   int
}

type compiled struct {
	rule     *rule
	wrapped  bool
	fallback bool // effective: the wrapped twin of a fallback rule is not one
	resets   bool
	spans    []span // minutes within the evaluated day, [from, to)
}

func compile(rs []rule) *Rules {
	out := &Rules{rules: rs}
	for i := range rs {
		r := &rs[i]
		c := compiled{rule: r, fallback: r.fallback}
		// The reference resets the rules that applied so far when a normal
		// rule matches the day if it has date selectors, or if it has none
		// but means "open" and the rule before it had none either
		// ("10:00-12:00; 14:00-16:00" keeps only the second).
		prevNoDate := len(out.eval) > 0 && !out.eval[len(out.eval)-1].rule.hasDate()
		c.resets = (r.hasDate() || len(out.eval) > 0 && r.state == Open && prevNoDate) &&
			r.state != Closed && !r.additional && !r.fallback
		if len(r.times) == 0 {
			c.spans = []span{{0, 1440}}
		}
		var wrap []span
		for _, t := range r.times {
			c.spans = append(c.spans, span{t.from, min(t.to, 1440)})
			if t.to > 1440 {
				wrap = append(wrap, span{0, t.to - 1440})
			}
		}
		out.eval = append(out.eval, c)
		if len(wrap) > 0 {
			out.eval = append(out.eval, compiled{rule: r, wrapped: true, spans: wrap})
		}
		for _, g := range r.groups {
			for _, s := range g {
				if s.kind == selPH {
					out.usePH = true
				}
			}
		}
	}
	return out
}
