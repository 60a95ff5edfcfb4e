package hours

import (
	"fmt"
	"sync"
	"time"
)

// Parse parses an OpenStreetMap opening_hours value. It accepts the part of
// the syntax that public service points need (see the package tests for the
// list) with the meaning the reference evaluator opening_hours.js gives it,
// and rejects everything else with a *SyntaxError rather than guessing.
func Parse(value string) (*Rules, error) {
	lx := &lexer{src: value}
	toks, err := lx.tokens()
	if err != nil {
		return nil, err
	}
	p := &parser{lx: lx, all: toks}
	rules, err := p.value()
	if err != nil {
		return nil, err
	}
	return compile(rules), nil
}

// MustParse is Parse for values known to be valid, such as constants in
// demo data and tests; it panics on error.
func MustParse(value string) *Rules {
	r, err := Parse(value)
	if err != nil {
		panic(fmt.Sprintf("hours.MustParse(%q): %v", value, err))
	}
	return r
}

type parser struct {
	lx   *lexer
	all  []token
	toks []token // the current rule group (between ; and ||)
	i    int
	end  int // byte offset where the current group ends, for messages
}

func (p *parser) errAt(pos int, format string, args ...any) *SyntaxError {
	return p.lx.errAt(pos, format, args...)
}

// here is the byte offset of the current token, or the group's end.
func (p *parser) here() int {
	if p.i < len(p.toks) {
		return p.toks[p.i].pos
	}
	return p.end
}

// expected builds the usual error: what we wanted and the text before it.
func (p *parser) expected(what string) *SyntaxError {
	pos := p.here()
	return p.errAt(pos, "expected %s after %s", what, p.lx.context(pos))
}

func (p *parser) peek(k int) (token, bool) {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k], true
	}
	return token{}, false
}

func (p *parser) is(k int, kinds ...tokKind) bool {
	for j, kind := range kinds {
		t, ok := p.peek(k + j)
		if !ok || t.kind != kind {
			return false
		}
	}
	return true
}

// isDay reports whether the token at offset k is a day of the month: a
// number of one or two digits that is not the hour of a time.
func (p *parser) isDay(k int) bool {
	t, ok := p.peek(k)
	return ok && t.kind == tkNumber && t.n <= 2 && !p.is(k+1, tkColon)
}

func (p *parser) value() ([]rule, error) {
	var rules []rule
	start, fallback := 0, false
	nonEmpty := false
	for j := 0; j <= len(p.all); j++ {
		if j < len(p.all) && p.all[j].kind != tkSemi && p.all[j].kind != tkFallback {
			continue
		}
		group := p.all[start:j]
		end := len(p.lx.src)
		if j < len(p.all) {
			end = p.all[j].pos
		}
		nextFallback := j < len(p.all) && p.all[j].kind == tkFallback
		if len(group) == 0 {
			// An empty rule between semicolons is harmless ("Mo 10:00-12:00;"),
			// but "||" needs a rule on both sides.
			if fallback || nextFallback {
				return nil, p.errAt(end, "expected a rule next to \"||\"")
			}
		} else {
			nonEmpty = true
			p.toks, p.i, p.end = group, 0, end
			rs, err := p.group(fallback)
			if err != nil {
				return nil, err
			}
			rules = append(rules, rs...)
		}
		if j < len(p.all) {
			start, fallback = j+1, nextFallback
		}
	}
	if !nonEmpty {
		return nil, p.errAt(0, "empty value: expected opening hours such as Mo-Fr 09:00-16:00")
	}
	return rules, nil
}

// group parses one rule and the additional rules ("," rules) chained to it.
func (p *parser) group(fallback bool) ([]rule, error) {
	var rules []rule
	additional := false
	for p.i < len(p.toks) {
		r := rule{fallback: fallback, additional: additional, state: Open}
		more, err := p.rule(&r)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
		if !more {
			break
		}
		additional = true
	}
	return rules, nil
}

// rule parses selectors in any order, like the reference does, until the
// group ends or a "," starts an additional rule (more is then true).
func (p *parser) rule(r *rule) (more bool, err error) {
	start := p.i
	lastWasTime, stateSet := false, false
	defer normalisePH(r)
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		wasTime := false
		switch {
		case t.kind == tkWeekday || t.kind == tkPH && p.is(1, tkComma) && !p.is(1, tkComma, tkNumber):
			err = p.weekdays(r)
		case t.kind == tkPH:
			p.i++
			if p.is(0, tkPlus) || p.is(0, tkDash) {
				return false, p.errAt(p.here(), "day offsets for PH (such as PH +1 day) are not supported")
			}
			r.groups[gHoliday] = append(r.groups[gHoliday], selector{kind: selPH})
		case t.kind == tkMonth && p.isDay(1):
			err = p.monthdays(r, gMonthday)
		case t.kind == tkMonth:
			err = p.monthdays(r, gMonth)
		case t.kind == tkNumber && t.n == 4 && p.is(1, tkMonth) && p.isDay(2):
			err = p.monthdays(r, gMonthday)
		case t.kind == tkNumber && t.n == 4:
			err = p.years(r)
		case t.kind == tkWeek:
			err = p.weeks(r)
		case t.kind == tkNumber:
			wasTime = true
			var stop bool
			stop, err = p.times(r)
			if err == nil && stop {
				return true, nil
			}
		case t.kind == tk247:
			r.times = append(r.times, span{0, 1440})
			p.i++
		case t.kind == tkState:
			if r.hasComment {
				return false, p.errAt(t.pos, "put the state (open, off, closed, unknown) before the comment")
			}
			if stateSet {
				return false, p.errAt(t.pos, "the rule already has a state")
			}
			r.state, stateSet = State(t.val), true
			p.i++
			if p.is(0, tkComma) {
				p.i++
				return p.i < len(p.toks), nil
			}
		case t.kind == tkComment:
			if r.hasComment {
				return false, p.errAt(t.pos, "the rule already has a comment")
			}
			r.comment, r.hasComment = t.text, true
			if !stateSet {
				r.state = Unknown
			}
			p.i++
			if p.is(0, tkComma) {
				p.i++
				return p.i < len(p.toks), nil
			}
		case t.kind == tkColon && p.i > start && !lastWasTime && p.i < len(p.toks)-1:
			// "Apr: 10:00-12:00", "PH: off": a colon may separate selectors
			// for readability.
			p.i++
		default:
			return false, p.errAt(t.pos, "unexpected %s after %s", describe(t), p.lx.context(t.pos))
		}
		if err != nil {
			return false, err
		}
		lastWasTime = wasTime
	}
	return false, nil
}

func describe(t token) string {
	switch t.kind {
	case tkColon:
		return `":"`
	case tkDash:
		return `"-"`
	case tkComma:
		return `","`
	case tkSlash:
		return `"/"`
	case tkPlus:
		return `"+"`
	case tkLBrack:
		return `"["`
	case tkRBrack:
		return `"]"`
	case tkNumber:
		return fmt.Sprintf("number %s", t.text)
	case tk247:
		return `"24/7"`
	}
	return fmt.Sprintf("%q", t.text)
}

// number consumes a number token of at most maxDigits digits.
func (p *parser) number(what string, maxDigits int) (int, error) {
	t, ok := p.peek(0)
	if !ok || t.kind != tkNumber || t.n > maxDigits {
		return 0, p.expected(what)
	}
	p.i++
	return t.val, nil
}

// weekdays parses "Mo-Fr,Su,PH" and "We[1,-1]" into the weekday group.
func (p *parser) weekdays(r *rule) error {
	for {
		t, _ := p.peek(0)
		switch t.kind {
		case tkPH:
			p.i++
			if p.is(0, tkPlus) || p.is(0, tkDash) {
				return p.errAt(p.here(), "day offsets for PH (such as PH +1 day) are not supported")
			}
			r.groups[gWeekday] = append(r.groups[gWeekday], selector{kind: selPH})
		case tkWeekday:
			p.i++
			switch {
			case p.is(0, tkDash, tkWeekday):
				r.groups[gWeekday] = append(r.groups[gWeekday], selector{kind: selWeekday, a: t.val, b: p.toks[p.i+1].val})
				p.i += 2
			case p.is(0, tkLBrack):
				p.i++
				if err := p.nth(r, t.val); err != nil {
					return err
				}
			default:
				r.groups[gWeekday] = append(r.groups[gWeekday], selector{kind: selWeekday, a: t.val, b: t.val})
			}
		default:
			return p.expected("a weekday (Mo-Su) or PH")
		}
		if !p.is(0, tkComma) {
			return nil
		}
		p.i++
	}
}

// nth parses the "1,-1]" of "We[1,-1]"; the "[" is consumed.
func (p *parser) nth(r *rule, wd int) error {
	for {
		neg := false
		if p.is(0, tkDash) {
			neg = true
			p.i++
		}
		pos := p.here()
		n, err := p.number("a number from 1 to 5 or -1 to -5", 1)
		if err != nil {
			return err
		}
		if neg {
			n = -n
		}
		to := n
		if !neg && p.is(0, tkDash, tkNumber) {
			p.i++
			if to, err = p.number("a number from 1 to 5", 1); err != nil {
				return err
			}
			if to <= n {
				return p.errAt(pos, "the range %d-%d must run forwards", n, to)
			}
		}
		for k := n; k <= to; k++ {
			if k == 0 || k < -5 || k > 5 {
				return p.errAt(pos, "the nth weekday must be from 1 to 5 or -1 to -5")
			}
			r.groups[gWeekday] = append(r.groups[gWeekday], selector{kind: selNth, a: wd, b: k})
		}
		if p.is(0, tkComma) {
			p.i++
			continue
		}
		if !p.is(0, tkRBrack) {
			return p.expected(`"]"`)
		}
		p.i++
		if p.is(0, tkPlus) || p.is(0, tkDash) && p.is(1, tkNumber) {
			return p.errAt(p.here(), "day offsets (such as Sa[-1] +1 day) are not supported")
		}
		return nil
	}
}

// years parses "2026", "2026-2027", "2020-2030/2", "2013/10" and "2060+".
func (p *parser) years(r *rule) error {
	for {
		pos := p.here()
		from, err := p.year()
		if err != nil {
			return err
		}
		s := selector{kind: selYear, a: from, b: from}
		if p.is(0, tkDash, tkNumber) {
			p.i++
			to, err := p.year()
			if err != nil {
				return err
			}
			if to <= from {
				return p.errAt(pos, "the year range %d-%d must run forwards", from, to)
			}
			s.b, s.ranged = to, true
		}
		if p.is(0, tkSlash) {
			p.i++
			stepPos := p.here()
			if s.step, err = p.number("a period in years", 3); err != nil {
				return err
			}
			if s.step == 0 {
				return p.errAt(stepPos, "a period must not be zero")
			}
		} else if !s.ranged && p.is(0, tkPlus) {
			p.i++
			s.plus = true
		}
		r.groups[gYear] = append(r.groups[gYear], s)
		if !p.is(0, tkComma, tkNumber) || p.toks[p.i+1].n != 4 {
			return nil
		}
		p.i++
	}
}

func (p *parser) year() (int, error) {
	pos := p.here()
	y, err := p.number("a year such as 2026", 4)
	if err != nil {
		return 0, err
	}
	if p.toks[p.i-1].n != 4 || y < 1900 {
		return 0, p.errAt(pos, "expected a year from 1900 on")
	}
	return y, nil
}

// weeks parses "week 01-53/2" and "week 1,3" (and "week 01,week 03").
func (p *parser) weeks(r *rule) error {
	p.i++ // "week"
	for {
		pos := p.here()
		from, err := p.number("a week number such as 01", 2)
		if err != nil {
			return err
		}
		s := selector{kind: selWeek, a: from, b: from}
		if p.is(0, tkDash, tkNumber) {
			p.i++
			toPos := p.here()
			if s.b, err = p.number("a week number", 2); err != nil {
				return err
			}
			s.ranged = true
			if s.b < from {
				return p.errAt(toPos, "the week range %d-%d must run forwards", from, s.b)
			}
			if p.is(0, tkSlash) {
				p.i++
				stepPos := p.here()
				if s.step, err = p.number("a period in weeks", 2); err != nil {
					return err
				}
				if s.step < 2 || s.step > 26 {
					return p.errAt(stepPos, "a week period must be from 2 to 26")
				}
			}
		}
		if from < 1 || s.b > 53 {
			return p.errAt(pos, "week numbers run from 01 to 53")
		}
		r.groups[gWeek] = append(r.groups[gWeek], s)
		if !p.is(0, tkComma) {
			return nil
		}
		p.i++
		if p.is(0, tkWeek) {
			p.i++
		}
	}
}

// monthdays parses a comma list of months ("Jan-Mar"), dates ("Dec 24"),
// date ranges ("Jun 20-26", "Dec 24-26,31", "Jan 23-Feb 12", "Jan 01-31/8")
// each optionally with a year ("2026 Dec 24"). Like the reference, the list
// goes to the month group if it starts with a bare month and to the
// monthday group otherwise; the two groups must both match.
func (p *parser) monthdays(r *rule, g int) error {
	lastMonth := dateSpec{}
	for {
		t, _ := p.peek(0)
		switch {
		case t.kind == tkMonth && !p.isDay(1):
			p.i++
			s := selector{kind: selMonth, a: t.val, b: t.val}
			if p.is(0, tkDash, tkMonth) && !p.isDay(2) {
				s.b = p.toks[p.i+1].val
				p.i += 2
			}
			r.groups[g] = append(r.groups[g], s)
		case t.kind == tkMonth || t.kind == tkNumber && t.n == 4 && p.is(1, tkMonth) && p.isDay(2):
			from, err := p.date()
			if err != nil {
				return err
			}
			lastMonth = from
			if err := p.dateRange(r, g, from); err != nil {
				return err
			}
		case t.kind == tkNumber && t.n <= 2 && lastMonth.month != 0 && !p.is(1, tkColon):
			// "Dec 24-26,31": a day continuing the previous month.
			pos := p.here()
			p.i++
			from := dateSpec{lastMonth.year, lastMonth.month, t.val}
			if err := p.checkDay(pos, from); err != nil {
				return err
			}
			if err := p.dateRange(r, g, from); err != nil {
				return err
			}
		default:
			return p.expected("a month (Jan-Dec) or a date such as Dec 24")
		}
		if !p.is(0, tkComma) {
			return nil
		}
		// A comma followed by something that is no month or day ends the
		// list; the reference rejects that too, so we say what we wanted.
		p.i++
	}
}

// date parses "[year] Mon day".
func (p *parser) date() (dateSpec, error) {
	var d dateSpec
	if p.is(0, tkNumber) {
		y, err := p.year()
		if err != nil {
			return d, err
		}
		d.year = y
	}
	t, ok := p.peek(0)
	if !ok || t.kind != tkMonth {
		return d, p.expected("a month (Jan-Dec)")
	}
	p.i++
	d.month = time.Month(t.val)
	pos := p.here()
	day, err := p.number("a day of the month such as 24", 2)
	if err != nil {
		return d, err
	}
	d.day = day
	return d, p.checkDay(pos, d)
}

func (p *parser) checkDay(pos int, d dateSpec) error {
	limit := 31
	switch d.month {
	case time.April, time.June, time.September, time.November:
		limit = 30
	case time.February:
		limit = 29
	}
	if d.day < 1 || d.day > limit {
		return p.errAt(pos, "%s has no day %d", d.month.String()[:3], d.day)
	}
	return nil
}

// dateRange parses what may follow a date: "-26", "-26/2", "-Feb 12",
// "-2027 Jan 02", or nothing.
func (p *parser) dateRange(r *rule, g int, from dateSpec) error {
	s := selector{kind: selDate, from: from, to: from, oneYear: true}
	if p.is(0, tkDash) {
		p.i++
		pos := p.here()
		switch {
		case p.is(0, tkNumber) && p.toks[p.i].n <= 2:
			s.to.day = p.toks[p.i].val
			p.i++
			if err := p.checkDay(pos, s.to); err != nil {
				return err
			}
			if s.to.day < from.day {
				return p.errAt(pos, "the day range %d-%d must run forwards", from.day, s.to.day)
			}
			if p.is(0, tkSlash) {
				p.i++
				stepPos := p.here()
				step, err := p.number("a period in days", 2)
				if err != nil {
					return err
				}
				if step == 0 {
					return p.errAt(stepPos, "a period must not be zero")
				}
				s.step = step
			}
		case p.is(0, tkMonth) || p.is(0, tkNumber):
			to, err := p.date()
			if err != nil {
				return err
			}
			if (to.year == 0) != (from.year == 0) {
				return p.errAt(pos, "give a year on both ends of the date range or on neither")
			}
			s.to, s.oneYear = to, false
		default:
			return p.expected("a day or a date such as Feb 12")
		}
	}
	r.groups[g] = append(r.groups[g], s)
	return nil
}

// times parses "09:00-12:00,13:00-16:00". It returns stop when a "," ends
// the list and starts an additional rule.
func (p *parser) times(r *rule) (stop bool, err error) {
	for {
		pos := p.here()
		from, err := p.clock("a time such as 09:00")
		if err != nil {
			return false, err
		}
		if from >= 1440 {
			return false, p.errAt(pos, "a time range must start before 24:00")
		}
		if p.is(0, tkPlus) {
			return false, p.errAt(p.here(), "open ends (+) are not supported; give a closing time")
		}
		if !p.is(0, tkDash) {
			return false, p.expected(`"-" and a closing time`)
		}
		p.i++
		toPos := p.here()
		to, err := p.clock("a closing time such as 16:00")
		if err != nil {
			return false, err
		}
		if to <= from {
			to += 1440
		}
		if to > 2880 {
			return false, p.errAt(toPos, "a time range may not run past the next midnight (48:00)")
		}
		if p.is(0, tkPlus) {
			return false, p.errAt(p.here(), "open ends (+) are not supported")
		}
		if p.is(0, tkSlash) {
			return false, p.errAt(p.here(), "repeating times (/) are for collection times, not opening hours")
		}
		r.times = append(r.times, span{from, to})
		if !p.is(0, tkComma) {
			return false, nil
		}
		p.i++
		if p.i == len(p.toks) {
			return false, nil // a trailing comma is ignored
		}
		if !p.is(0, tkNumber) || p.toks[p.i].n > 2 {
			return true, nil // "Mo-Fr 10:00-20:00, We off"
		}
	}
}

// clock parses "HH:MM" into minutes.
func (p *parser) clock(what string) (int, error) {
	if !p.is(0, tkNumber) || p.toks[p.i].n > 2 {
		return 0, p.expected(what)
	}
	hPos := p.toks[p.i].pos
	h := p.toks[p.i].val
	if !p.is(1, tkColon) {
		return 0, p.errAt(p.toks[p.i].pos, "write times with minutes, such as %02d:00", h)
	}
	p.i += 2
	mPos := p.here()
	if !p.is(0, tkNumber) || p.toks[p.i].n != 2 {
		return 0, p.expected("two digits of minutes")
	}
	m := p.toks[p.i].val
	p.i++
	if m > 59 {
		return 0, p.errAt(mPos, "minutes must be from 00 to 59")
	}
	if h > 48 {
		return 0, p.errAt(hPos, "hours must be from 00 to 48")
	}
	return h*60 + m, nil
}

// normalisePH turns a weekday list made only of PH ("PH,PH") into the
// plain PH selector, so that every rule has one printed form.
func normalisePH(r *rule) {
	wd := r.groups[gWeekday]
	if len(wd) == 0 || len(r.groups[gHoliday]) > 0 {
		return
	}
	for _, s := range wd {
		if s.kind != selPH {
			return
		}
	}
	r.groups[gHoliday], r.groups[gWeekday] = wd[:1], nil
}

// shared remembers parsed values for ParseShared.
var shared struct {
	sync.Mutex
	rules map[string]*Rules
}

// maxShared bounds the values ParseShared remembers; past it, it starts
// over.
const maxShared = 10_000

// ParseShared is Parse for values read again and again (a point's hours,
// a staff member's schedule): it remembers what it parsed. Rules do not
// change once parsed, so one value's Rules can be shared; errors are not
// remembered.
func ParseShared(value string) (*Rules, error) {
	shared.Lock()
	r, ok := shared.rules[value]
	shared.Unlock()
	if ok {
		return r, nil
	}
	r, err := Parse(value)
	if err != nil {
		return nil, err
	}
	shared.Lock()
	if shared.rules == nil || len(shared.rules) >= maxShared {
		shared.rules = map[string]*Rules{}
	}
	shared.rules[value] = r
	shared.Unlock()
	return r, nil
}
