package catalogue

import (
	"fmt"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// Timeline is when a point and each of its offerings are open over a
// range of time: the point's own hours with the national closure days and
// the point's exceptions applied, and each offering's walk-in and
// appointment windows with the offering's exceptions applied, clipped to
// the point's hours.
type Timeline struct {
	Location  *time.Location
	From, To  time.Time
	Point     []hours.Interval
	Offerings []OfferingTimeline
	// Closures are the national closure days the point observes in range.
	Closures []hours.Holiday
	// Exceptions are the exceptions in range.
	Exceptions []Exception
}

// OfferingTimeline is one offering's windows.
type OfferingTimeline struct {
	Service      string
	Organisation string
	Name         Text
	WalkIn       []hours.Interval
	Appointment  []hours.Interval
	// HasWalkIn and HasAppointment tell whether the offering is given
	// that way at all, as opposed to closed throughout the range.
	HasWalkIn, HasAppointment bool
}

// CheckHours parses an opening_hours value and turns a syntax error into
// an invalid-input error naming field.
func CheckHours(field, value string) (*hours.Rules, error) {
	r, err := hours.ParseShared(value)
	if err != nil {
		return nil, errs.Invalidf("%s %q cannot be read: %v.", field, value, err)
	}
	return r, nil
}

// withDays appends rules that override base on single dates. Appended
// with ";" they are normal rules, which replace whatever earlier rules
// said about those dates — the exception semantics we want.
func withDays(base string, rules []string) string {
	if len(rules) == 0 {
		return base
	}
	return base + "; " + strings.Join(rules, "; ")
}

// exceptionRules lists the date rules of the exceptions for service ("" for
// the point itself) on the days in [first, last].
func exceptionRules(exc []Exception, service string, first, last hours.Date) []string {
	var out []string
	for _, e := range exc {
		if e.Service != service {
			continue
		}
		a, _ := ParseDay(e.FirstDay)
		b, _ := ParseDay(e.LastDay)
		for d := laterDate(hours.DateOf(a), first); !dateLess(last, d); d = d.AddDays(1) {
			if dateLess(hours.DateOf(b), d) {
				break
			}
			out = append(out, d.Rule(e.Hours))
		}
	}
	return out
}

func dateLess(a, b hours.Date) bool {
	return a.Year < b.Year || a.Year == b.Year && (a.Month < b.Month || a.Month == b.Month && a.Day < b.Day)
}

func laterDate(a, b hours.Date) hours.Date {
	if dateLess(a, b) {
		return b
	}
	return a
}

// BuildTimeline computes the timeline of point p over [from, to) given the
// exceptions that touch that range.
func BuildTimeline(p PointDetail, exc []Exception, from, to time.Time) (*Timeline, error) {
	loc, err := hours.Zone(p.TimeZone)
	if err != nil {
		return nil, errs.Invalidf("Service point %q has an unknown time zone %q.", p.Slug, p.TimeZone)
	}
	first, last := hours.DateOf(from.In(loc)), hours.DateOf(to.In(loc))
	tl := &Timeline{Location: loc, From: from, To: to}

	var pointRules []string
	if !p.NationalClosuresOff {
		for y := first.Year; y <= last.Year; y++ {
			for _, h := range hours.NationalClosures(y) {
				if !dateLess(h.Date, first) && !dateLess(last, h.Date) {
					tl.Closures = append(tl.Closures, h)
					pointRules = append(pointRules, h.Date.Rule("off"))
				}
			}
		}
	}
	// Exceptions come after the national closures so that a point may
	// still open on Christmas Eve by entering an exception.
	pointRules = append(pointRules, exceptionRules(exc, "", first, last)...)
	rules, err := CheckHours("The opening hours of "+p.Slug, withDays(p.OpeningHours, pointRules))
	if err != nil {
		return nil, err
	}
	tl.Point = rules.Intervals(from, to, loc)
	tl.Exceptions = exc

	for _, o := range p.Offerings {
		ot := OfferingTimeline{Service: o.Service, Organisation: o.Organisation, Name: o.ServiceName,
			HasWalkIn: strings.TrimSpace(o.WalkInHours) != "", HasAppointment: strings.TrimSpace(o.AppointmentHours) != ""}
		own := exceptionRules(exc, o.Service, first, last)
		for _, m := range []struct {
			value string
			into  *[]hours.Interval
			what  string
		}{{o.WalkInHours, &ot.WalkIn, "walk-in hours"}, {o.AppointmentHours, &ot.Appointment, "appointment hours"}} {
			if strings.TrimSpace(m.value) == "" {
				continue
			}
			r, err := CheckHours(fmt.Sprintf("The %s of %s at %s", m.what, o.Service, p.Slug), withDays(m.value, own))
			if err != nil {
				return nil, err
			}
			*m.into = hours.Intersect(r.Intervals(from, to, loc), tl.Point)
		}
		tl.Offerings = append(tl.Offerings, ot)
	}
	return tl, nil
}

// Status is the state of one mode at an instant.
type Status struct {
	State   hours.State
	Comment string
	// Until is when the current state ends (the next change), zero when it
	// does not change within the timeline.
	Until time.Time
}

// StatusAt returns the state of intervals at t and when it next changes.
func StatusAt(ivs []hours.Interval, t time.Time) Status {
	for i, iv := range ivs {
		if t.Before(iv.Start) {
			return Status{State: hours.Closed, Until: iv.Start}
		}
		if t.Before(iv.End) {
			st := Status{State: hours.Open, Comment: iv.Comment, Until: iv.End}
			if iv.Unknown {
				st.State = hours.Unknown
			}
			// Intervals that merely touch continue the same state.
			for _, next := range ivs[i+1:] {
				if !next.Start.Equal(st.Until) || next.Unknown != iv.Unknown || next.Comment != iv.Comment {
					break
				}
				st.Until = next.End
			}
			return st
		}
	}
	return Status{State: hours.Closed}
}

// Day is one calendar day of a timeline.
type Day struct {
	Date       hours.Date
	Start, End time.Time // local midnight to the next local midnight
	Holiday    *hours.Holiday
	Closure    *hours.Holiday
	Exceptions []Exception
}

// Days splits the timeline into local calendar days.
func (tl *Timeline) Days() []Day {
	var out []Day
	first, last := hours.DateOf(tl.From.In(tl.Location)), hours.DateOf(tl.To.Add(-time.Nanosecond).In(tl.Location))
	for d := first; !dateLess(last, d); d = d.AddDays(1) {
		day := Day{Date: d, Start: midnight(d, tl.Location), End: midnight(d.AddDays(1), tl.Location)}
		if h, ok := hours.IsPublicHoliday(d); ok {
			day.Holiday = &h
		}
		for i := range tl.Closures {
			if tl.Closures[i].Date == d {
				day.Closure = &tl.Closures[i]
			}
		}
		ds := d.String()
		for _, e := range tl.Exceptions {
			if e.FirstDay <= ds && ds <= e.LastDay {
				day.Exceptions = append(day.Exceptions, e)
			}
		}
		out = append(out, day)
	}
	return out
}

func midnight(d hours.Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Clip returns the parts of ivs inside [start, end).
func Clip(ivs []hours.Interval, start, end time.Time) []hours.Interval {
	return hours.Intersect(ivs, []hours.Interval{{Start: start, End: end}})
}
