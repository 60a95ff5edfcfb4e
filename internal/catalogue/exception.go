package catalogue

import (
	"regexp"
	"time"
)

// MaxExceptionDays bounds one exception; longer changes are new hours.
const MaxExceptionDays = 366

var exceptionHoursRE = regexp.MustCompile(`^(off|(?:[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])(?:,[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])*)$`)

// ParseDay parses a YYYY-MM-DD calendar day.
func ParseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// Validate checks an exception's own fields.
func (e *Exception) Validate() error {
	p := problems{what: "exception"}
	p.slug("point", e.Point)
	if e.Service != "" {
		p.slug("service", e.Service)
	}
	first, okFirst := ParseDay(e.FirstDay)
	last, okLast := ParseDay(e.LastDay)
	switch {
	case !okFirst:
		p.add("first day %q is not a date written YYYY-MM-DD", e.FirstDay)
	case !okLast:
		p.add("last day %q is not a date written YYYY-MM-DD", e.LastDay)
	case last.Before(first):
		p.add("last day %s is before first day %s", e.LastDay, e.FirstDay)
	case last.Sub(first) > (MaxExceptionDays-1)*24*time.Hour:
		p.add("an exception may cover at most %d days; change the regular hours instead", MaxExceptionDays)
	case first.Year() < 1900 || last.Year() > 2100:
		p.add("the days must fall within 1900–2100")
	}
	if !exceptionHoursRE.MatchString(e.Hours) {
		p.add("hours %q must be off or times such as 10:00-14:00 (several separated by commas)", e.Hours)
	}
	p.name("reason", e.Reason)
	return p.err()
}
