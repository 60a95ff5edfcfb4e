package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// Limits of the hours routes.
const (
	maxHoursDays = 366
	// openHorizon is how far ahead /open looks for the next change.
	openHorizon = 120 * 24 * time.Hour
	// icsWeeks is how many weeks the iCalendar feed covers.
	icsWeeks = 8
)

// intervalJSON is an interval in the point's local time, with its offset,
// so that it is exact across DST changes.
type intervalJSON struct {
	Start   string `json:"start"`
	End     string `json:"end"`
	Unknown bool   `json:"unknown,omitempty"`
	Comment string `json:"comment,omitempty"`
}

func intervalsJSON(ivs []hours.Interval, loc *time.Location) []intervalJSON {
	out := make([]intervalJSON, len(ivs))
	for i, iv := range ivs {
		out[i] = intervalJSON{Start: iv.Start.In(loc).Format(time.RFC3339), End: iv.End.In(loc).Format(time.RFC3339), Unknown: iv.Unknown, Comment: iv.Comment}
	}
	return out
}

type namesJSON struct {
	Fi string `json:"fi"`
	Sv string `json:"sv"`
	En string `json:"en"`
}

func holidayJSON(h *hours.Holiday) *namesJSON {
	if h == nil {
		return nil
	}
	return &namesJSON{h.Names.Fi, h.Names.Sv, h.Names.En}
}

type offeringDayJSON struct {
	Service      string          `json:"service"`
	Organisation string          `json:"organisation"`
	WalkIn       *[]intervalJSON `json:"walk_in,omitempty"`
	Appointment  *[]intervalJSON `json:"appointment,omitempty"`
}

type dayJSON struct {
	Date       string                `json:"date"`
	Weekday    string                `json:"weekday"`
	Holiday    *namesJSON            `json:"holiday"`
	Closure    *namesJSON            `json:"closure"`
	Exceptions []catalogue.Exception `json:"exceptions"`
	Point      []intervalJSON        `json:"point"`
	Offerings  []offeringDayJSON     `json:"offerings"`
}

type hoursJSON struct {
	Point    string    `json:"point"`
	TimeZone string    `json:"time_zone"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Days     []dayJSON `json:"days"`
}

// dayParam reads a YYYY-MM-DD parameter, def when absent.
func (p *params) day(name string, def time.Time, loc *time.Location) time.Time {
	v := p.q.Get(name)
	if v == "" {
		return def
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		p.fail(errs.Param(name, "The %s %q is not a date written YYYY-MM-DD.", name, v))
		return def
	}
	return t
}

// pointZone reads the point named in the path with its time zone.
func (s *Server) pointZone(r *http.Request) (catalogue.PointDetail, *time.Location, error) {
	d, err := s.cat.Point(r.Context(), r.PathValue("slug"))
	if err != nil {
		return d, nil, err
	}
	loc, err := hours.Zone(d.TimeZone)
	return d, loc, err
}

// pointTimeline reads the exceptions of point d touching [from, to) and
// builds its timeline; the hours API, the feed and the point page share it.
func (s *Server) pointTimeline(ctx context.Context, d catalogue.PointDetail, loc *time.Location, from, to time.Time) (*catalogue.Timeline, error) {
	exc, err := s.cat.Exceptions(ctx, d.Slug, from.In(loc).Format(time.DateOnly), to.In(loc).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	return catalogue.BuildTimeline(d, exc, from, to)
}

// today is local midnight of the day now falls on in loc.
func today(loc *time.Location, now time.Time) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func (s *Server) getPointHours(w http.ResponseWriter, r *http.Request) {
	d, loc, err := s.pointZone(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := queryParams(r, "from", "to")
	from := p.day("from", today(loc, s.cfg.Now()), loc)
	last := p.day("to", from.AddDate(0, 0, 6), loc)
	if p.err == nil && last.Before(from) {
		p.fail(errs.Param("to", "The day to (%s) is before from (%s).", last.Format(time.DateOnly), from.Format(time.DateOnly)))
	}
	if p.err == nil && last.Sub(from) > (maxHoursDays-1)*24*time.Hour+2*time.Hour {
		p.fail(errs.Param("to", "Ask for at most %d days at a time.", maxHoursDays))
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	to := last.AddDate(0, 0, 1)
	tl, err := s.pointTimeline(r.Context(), d, loc, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := hoursJSON{Point: d.Slug, TimeZone: d.TimeZone, From: from.Format(time.DateOnly), To: last.Format(time.DateOnly)}
	for _, day := range tl.Days() {
		dj := dayJSON{
			Date: day.Date.String(), Weekday: strings.ToLower(day.Date.Weekday().String()),
			Holiday: holidayJSON(day.Holiday), Closure: holidayJSON(day.Closure),
			Exceptions: append([]catalogue.Exception{}, day.Exceptions...),
			Point:      intervalsJSON(catalogue.Clip(tl.Point, day.Start, day.End), loc),
			Offerings:  []offeringDayJSON{},
		}
		for _, o := range tl.Offerings {
			oj := offeringDayJSON{Service: o.Service, Organisation: o.Organisation}
			if o.HasWalkIn {
				v := intervalsJSON(catalogue.Clip(o.WalkIn, day.Start, day.End), loc)
				oj.WalkIn = &v
			}
			if o.HasAppointment {
				v := intervalsJSON(catalogue.Clip(o.Appointment, day.Start, day.End), loc)
				oj.Appointment = &v
			}
			dj.Offerings = append(dj.Offerings, oj)
		}
		out.Days = append(out.Days, dj)
	}
	writeJSON(w, http.StatusOK, out)
}

type statusJSON struct {
	State   string `json:"state"`
	Open    bool   `json:"open"`
	Comment string `json:"comment,omitempty"`
	// NextChange is when the state changes next, absent when it does not
	// change within the horizon looked at.
	NextChange string `json:"next_change,omitempty"`
}

func statusOfJSON(st catalogue.Status, loc *time.Location) statusJSON {
	out := statusJSON{State: st.State.String(), Open: st.State == hours.Open, Comment: st.Comment}
	if !st.Until.IsZero() {
		out.NextChange = st.Until.In(loc).Format(time.RFC3339)
	}
	return out
}

type offeringStatusJSON struct {
	Service      string      `json:"service"`
	Organisation string      `json:"organisation"`
	WalkIn       *statusJSON `json:"walk_in,omitempty"`
	Appointment  *statusJSON `json:"appointment,omitempty"`
}

type openJSON struct {
	Point     string               `json:"point"`
	At        string               `json:"at"`
	Status    statusJSON           `json:"status"`
	Offerings []offeringStatusJSON `json:"offerings"`
}

func (s *Server) getPointOpen(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "at")
	at := s.cfg.Now()
	if v := p.q.Get("at"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			p.fail(errs.Param("at", "The time at %q is not an RFC 3339 time such as 2026-12-21T13:00:00+02:00.", v))
		}
		at = t
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	d, loc, err := s.pointZone(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tl, err := s.pointTimeline(r.Context(), d, loc, at.Add(-24*time.Hour), at.Add(openHorizon))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := openJSON{Point: d.Slug, At: at.In(tl.Location).Format(time.RFC3339), Status: statusOfJSON(catalogue.StatusAt(tl.Point, at), tl.Location), Offerings: []offeringStatusJSON{}}
	for _, o := range tl.Offerings {
		oj := offeringStatusJSON{Service: o.Service, Organisation: o.Organisation}
		if o.HasWalkIn {
			v := statusOfJSON(catalogue.StatusAt(o.WalkIn, at), tl.Location)
			oj.WalkIn = &v
		}
		if o.HasAppointment {
			v := statusOfJSON(catalogue.StatusAt(o.Appointment, at), tl.Location)
			oj.Appointment = &v
		}
		out.Offerings = append(out.Offerings, oj)
	}
	writeJSON(w, http.StatusOK, out)
}

// --- exceptions ---

func (s *Server) listExceptions(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "from", "to")
	from := p.day("from", s.cfg.Now().AddDate(0, 0, -1), time.UTC)
	to := p.day("to", from.AddDate(1, 0, 0), time.UTC)
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	exc, err := s.cat.Exceptions(r.Context(), r.PathValue("slug"), from.Format(time.DateOnly), to.Format(time.DateOnly))
	listed(s, w, r, exc, "", err)
}

// exceptionInput is the body of a new exception.
type exceptionInput struct {
	Service  string         `json:"service"`
	FirstDay string         `json:"first_day"`
	LastDay  string         `json:"last_day"`
	Hours    string         `json:"hours"`
	Reason   catalogue.Text `json:"reason"`
}

func (s *Server) addException(w http.ResponseWriter, r *http.Request) {
	if err := s.managesPoint(r, "exception.add", r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	var in exceptionInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.LastDay == "" {
		in.LastDay = in.FirstDay
	}
	e, err := s.cat.AddException(r.Context(), catalogue.Exception{Point: r.PathValue("slug"), Service: in.Service,
		FirstDay: in.FirstDay, LastDay: in.LastDay, Hours: in.Hours, Reason: in.Reason})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

func (s *Server) deleteException(w http.ResponseWriter, r *http.Request) {
	if err := s.managesPoint(r, "exception.delete", r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, errs.Param("id", "The exception id %q is not a positive whole number.", r.PathValue("id")))
		return
	}
	if err := s.cat.DeleteException(r.Context(), r.PathValue("slug"), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// --- iCalendar ---

func (s *Server) getPointICS(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "lang")
	lang := oneOf(p, "lang", catalogue.UILanguages)
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if lang == "" {
		lang = "fi"
	}
	d, loc, err := s.pointZone(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.cfg.Now()
	from := today(loc, now)
	tl, err := s.pointTimeline(r.Context(), d, loc, from, from.AddDate(0, 0, 7*icsWeeks))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-hours.ics"`, d.Slug))
	w.Write(hoursCalendar(d, tl, lang, now))
}
