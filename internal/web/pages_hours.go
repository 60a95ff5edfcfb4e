package web

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
)

// hoursView is the hours section of a point page: whether the point is
// open now and until when, this week day by day, the holidays, closure
// days and exceptions of the coming two weeks, and the hours as written.
type hoursView struct {
	Status  string
	Open    bool
	Week    []weekDay
	Notices []string
	Written string
	ICSURL  string
}

type weekDay struct {
	Name  string
	Date  string
	Hours string
	Note  string
	Today bool
}

// modeView is one way a service is given at the point, for its card.
type modeView struct {
	Label  string
	Status string
	Open   bool
	Week   string
}

// noticeDays is how far ahead holiday and exception notices look.
const noticeDays = 14

// statusHorizon is how far ahead the page looks for the next opening.
const statusHorizon = 40 * 24 * time.Hour

func clock(t time.Time, day time.Time) string {
	if !t.Before(day.AddDate(0, 0, 1)) {
		return "24.00"
	}
	return t.Format("15.04")
}

// daySpans writes a day's intervals as "09.00–12.00, 13.00–16.00".
func daySpans(ivs []hours.Interval, start, end time.Time) string {
	parts := []string{}
	for _, iv := range catalogue.Clip(ivs, start, end) {
		parts = append(parts, clock(iv.Start.In(start.Location()), start)+"–"+clock(iv.End.In(start.Location()), start))
	}
	return strings.Join(parts, ", ")
}

// weekdayNumber is 1 for Monday … 7 for Sunday.
func weekdayNumber(d time.Weekday) int { return (int(d)+6)%7 + 1 }

// when says when t is, seen from now: today, tomorrow, on a weekday within
// the week, or on a date.
func (p *page) when(t, now time.Time) string {
	day := today(now.Location(), now)
	switch {
	case t.Before(day.AddDate(0, 0, 1)):
		return p.T("hours.today")
	case t.Before(day.AddDate(0, 0, 2)):
		return p.T("hours.tomorrow")
	case t.Before(day.AddDate(0, 0, 7)):
		return p.T(fmt.Sprintf("hours.on_day.%d", weekdayNumber(t.Weekday())))
	}
	return p.T("hours.on_date", t.Format("2.1."))
}

// statusText says whether intervals are open at now and until when, or
// when they open next.
func (p *page) statusText(ivs []hours.Interval, now time.Time) (string, bool) {
	st := catalogue.StatusAt(ivs, now)
	loc := now.Location()
	switch {
	case st.State != hours.Closed && !st.Until.IsZero():
		u := st.Until.In(loc)
		y, m, d := u.Date()
		return p.T("hours.open_until", clock(u, time.Date(y, m, d, 0, 0, 0, 0, loc))), true
	case st.State != hours.Closed:
		return p.T("hours.open_now"), true
	case !st.Until.IsZero():
		u := st.Until.In(loc)
		return p.T("hours.opens", p.when(u, now), u.Format("15.04")), false
	}
	return p.T("hours.closed_now"), false
}

// weekSummary writes a mode's week as "ma–pe 09.00–16.00" or
// "ma, ti, to, pe 12.00–15.30": days with the same hours together.
func (p *page) weekSummary(ivs []hours.Interval, days []catalogue.Day) string {
	type group struct {
		spans string
		days  []int
	}
	var groups []group
	for i, d := range days {
		s := daySpans(ivs, d.Start, d.End)
		if s == "" {
			continue
		}
		if j := indexOf(groups, func(g group) bool { return g.spans == s }); j >= 0 {
			groups[j].days = append(groups[j].days, i)
		} else {
			groups = append(groups, group{spans: s, days: []int{i}})
		}
	}
	if len(groups) == 0 {
		return p.T("hours.closed_this_week")
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = p.dayList(g.days, days) + " " + g.spans
	}
	return strings.Join(parts, "; ")
}

func indexOf[T any](xs []T, f func(T) bool) int {
	for i, x := range xs {
		if f(x) {
			return i
		}
	}
	return -1
}

// dayList names days by their short names, runs of three or more as a range.
func (p *page) dayList(idx []int, days []catalogue.Day) string {
	short := func(i int) string {
		return p.T(fmt.Sprintf("day.short.%d", weekdayNumber(days[i].Date.Weekday())))
	}
	var parts []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, short(idx[i])+"–"+short(idx[j]))
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, short(idx[k]))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// pointHours builds the hours section and the per-service mode summaries
// of a point page, keyed by service slug.
func (s *Server) pointHours(p *page, ctx context.Context, pd catalogue.PointDetail, now time.Time) (hoursView, map[string][]modeView, error) {
	view := hoursView{Written: pd.OpeningHours, ICSURL: "/api/v1/points/" + pd.Slug + "/hours.ics?lang=" + p.Lang}
	loc, err := hours.Zone(pd.TimeZone)
	if err != nil {
		return view, nil, err
	}
	now = now.In(loc)
	todayStart := today(loc, now)
	monday := todayStart.AddDate(0, 0, 1-weekdayNumber(todayStart.Weekday()))
	tl, err := s.pointTimeline(ctx, pd, loc, monday, now.Add(statusHorizon))
	if err != nil {
		return view, nil, err
	}
	days := tl.Days()
	week := days[:7]
	view.Status, view.Open = p.statusText(tl.Point, now)
	for _, day := range week {
		wd := weekDay{
			Name:  p.T(fmt.Sprintf("day.short.%d", weekdayNumber(day.Date.Weekday()))),
			Date:  day.Start.Format("2.1."),
			Hours: daySpans(tl.Point, day.Start, day.End),
			Note:  p.dayNote(day),
			Today: day.Date == hours.DateOf(todayStart),
		}
		if wd.Hours == "" {
			wd.Hours = p.T("hours.closed_day")
		}
		view.Week = append(view.Week, wd)
	}
	for _, day := range days {
		if day.Start.Before(todayStart) || !day.Start.Before(todayStart.AddDate(0, 0, noticeDays)) {
			continue
		}
		note := p.dayNote(day)
		if note == "" {
			continue
		}
		state := daySpans(tl.Point, day.Start, day.End)
		if state == "" {
			state = p.T("hours.closed_day")
		}
		view.Notices = append(view.Notices, p.T("hours.notice",
			p.T(fmt.Sprintf("day.short.%d", weekdayNumber(day.Date.Weekday()))), day.Start.Format("2.1."), note, state))
	}

	modes := map[string][]modeView{}
	for _, o := range tl.Offerings {
		for _, mode := range []struct {
			has   bool
			ivs   []hours.Interval
			label string
		}{{o.HasWalkIn, o.WalkIn, "service.walk_in"}, {o.HasAppointment, o.Appointment, "service.appointments"}} {
			if !mode.has {
				continue
			}
			mv := modeView{Label: p.T(mode.label), Week: p.weekSummary(mode.ivs, week)}
			mv.Status, mv.Open = p.statusText(mode.ivs, now)
			modes[o.Service] = append(modes[o.Service], mv)
		}
	}
	return view, modes, nil
}

// dayNote names what is special about a day: a public holiday, a national
// closure day, exceptions with their reasons.
func (p *page) dayNote(day catalogue.Day) string {
	var notes []string
	if day.Holiday != nil {
		notes = append(notes, holidayName(day.Holiday.Names, p.Lang))
	}
	if day.Closure != nil {
		notes = append(notes, holidayName(day.Closure.Names, p.Lang))
	}
	for _, e := range day.Exceptions {
		if e.Service == "" {
			notes = append(notes, e.Reason.In(p.Lang))
		}
	}
	return strings.Join(notes, "; ")
}
