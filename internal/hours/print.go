package hours

import (
	"fmt"
	"strings"
)

var weekdayNames = [7]string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}
var monthNames = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// String prints the rules in a canonical form, e.g.
// "Mo-Fr 09:00-16:00; PH off", that parses back to the same rules.
func (rs *Rules) String() string {
	var b strings.Builder
	for i := range rs.rules {
		r := &rs.rules[i]
		if i > 0 {
			switch {
			case r.additional:
				b.WriteString(", ")
			case r.fallback:
				b.WriteString(" || ")
			default:
				b.WriteString("; ")
			}
		}
		// Before an additional rule the state must be written unless the
		// rule ends with times and the next one does not start with one:
		// "Mo open, We off" is not "Mo, We off" (a weekday list), and
		// "Mo 10:00-12:00 open, 14:00-16:00 off" is not one time list.
		needState, nextAdditional := false, i+1 < len(rs.rules) && rs.rules[i+1].additional
		if nextAdditional {
			next := &rs.rules[i+1]
			needState = len(r.times) == 0 || !next.hasDate() && len(next.times) > 0
		}
		b.WriteString(r.format(needState, nextAdditional))
	}
	return b.String()
}

// format prints one rule. Selector groups come in a fixed order; within a
// group the order is kept, because the first item decides the group when
// the value is read back ("Aug,Jan 31" is a month list, "Jan 31,Aug" a
// date list).
func (r *rule) format(needState, nextAdditional bool) string {
	var parts []string
	// Years go after dates: "2026 Dec 24" would read back as one dated item.
	order := []int{gMonth, gMonthday, gYear, gWeek, gHoliday, gWeekday}
	for _, g := range order {
		sels := r.groups[g]
		if len(sels) == 0 {
			continue
		}
		items := make([]string, 0, len(sels))
		for i := range sels {
			items = append(items, sels[i].format())
		}
		sep := ","
		if g == gHoliday {
			sep = " " // "PH PH" is what two holiday selectors would be; never produced in practice
		}
		parts = append(parts, strings.Join(items, sep))
	}
	if len(r.times) > 0 {
		// "24/7" cannot be followed by ", …"; write it as a time range then.
		if len(r.times) == 1 && r.times[0] == (span{0, 1440}) && !r.hasDate() && !nextAdditional {
			parts = append(parts, "24/7")
		} else {
			items := make([]string, 0, len(r.times))
			for _, t := range r.times {
				items = append(items, t.format())
			}
			parts = append(parts, strings.Join(items, ","))
		}
	}
	// The state is written when it is not the default, and always before
	// an additional rule: "Mo open, We off" must not become "Mo, We off".
	switch {
	case r.state == Closed:
		parts = append(parts, "off")
	case r.state == Unknown && !r.hasComment:
		parts = append(parts, "unknown")
	case r.state == Unknown:
		// a comment without state means unknown
	case r.hasComment || needState || len(parts) == 0:
		parts = append(parts, "open")
	}
	if r.hasComment {
		parts = append(parts, `"`+r.comment+`"`)
	}
	return strings.Join(parts, " ")
}

func (t span) format() string {
	to := t.to
	if to > 1440 && to-1440 <= t.from {
		to -= 1440
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", t.from/60, t.from%60, to/60, to%60)
}

func (s *selector) format() string {
	switch s.kind {
	case selYear:
		out := fmt.Sprint(s.a)
		if s.ranged {
			out += fmt.Sprintf("-%d", s.b)
		}
		if s.step > 0 {
			out += fmt.Sprintf("/%d", s.step)
		} else if s.plus {
			out += "+"
		}
		return out
	case selPH:
		return "PH"
	case selMonth:
		if s.a == s.b {
			return monthNames[s.a]
		}
		return monthNames[s.a] + "-" + monthNames[s.b]
	case selDate:
		out := s.from.format()
		switch {
		case s.oneYear && (s.to.day != s.from.day || s.step > 0):
			out += fmt.Sprintf("-%02d", s.to.day)
			if s.step > 0 {
				out += fmt.Sprintf("/%d", s.step)
			}
		case !s.oneYear:
			out += "-" + s.to.format()
		}
		return out
	case selWeek:
		out := fmt.Sprintf("week %02d", s.a)
		if s.ranged {
			out += fmt.Sprintf("-%02d", s.b)
		}
		if s.step > 0 {
			out += fmt.Sprintf("/%d", s.step)
		}
		return out
	case selWeekday:
		if s.a == s.b {
			return weekdayNames[s.a]
		}
		return weekdayNames[s.a] + "-" + weekdayNames[s.b]
	case selNth:
		return fmt.Sprintf("%s[%d]", weekdayNames[s.a], s.b)
	}
	return "?"
}

func (d dateSpec) format() string {
	if d.year != 0 {
		return fmt.Sprintf("%d %s %02d", d.year, monthNames[d.month], d.day)
	}
	return fmt.Sprintf("%s %02d", monthNames[d.month], d.day)
}
