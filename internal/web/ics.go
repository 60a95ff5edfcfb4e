package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
)

// icsWords are the few words of the hours feed, per language.
var icsWords = map[string]struct{ open, walkIn, closed string }{
	"fi": {"avoinna", "ilman ajanvarausta", "suljettu"},
	"sv": {"öppet", "utan tidsbokning", "stängt"},
	"en": {"open", "walk-in", "closed"},
}

// hoursCalendar renders a point's timeline as an iCalendar feed: an event
// for each opening of the point, one for each walk-in window, and an
// all-day event for each closure day and exception with its reason. Times
// are written in UTC, which every calendar client reads without a
// VTIMEZONE and shows in the reader's own zone.
func hoursCalendar(p catalogue.PointDetail, tl *catalogue.Timeline, lang string, now time.Time) []byte {
	words := icsWords[lang]
	name := p.Name.In(lang)
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//onestop//opening hours//"+lang)
	cal.Props.SetText("X-WR-CALNAME", name)
	cal.Props.SetText("X-WR-TIMEZONE", p.TimeZone)
	location := p.Address.Street.In(lang)
	if pc := p.Address.PostalCode; pc != "" {
		location += ", " + pc + " " + p.Address.PostOffice.In(lang)
	}

	add := func(uid, summary, description string, start, end time.Time, allDay bool) {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, uid+"@"+p.Slug+".onestop")
		ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
		if allDay {
			ev.Props.SetDate(ical.PropDateTimeStart, start)
			ev.Props.SetDate(ical.PropDateTimeEnd, end)
		} else {
			ev.Props.SetDateTime(ical.PropDateTimeStart, start.UTC())
			ev.Props.SetDateTime(ical.PropDateTimeEnd, end.UTC())
		}
		ev.Props.SetText(ical.PropSummary, summary)
		if description != "" {
			ev.Props.SetText(ical.PropDescription, description)
		}
		if location != "" {
			ev.Props.SetText(ical.PropLocation, location)
		}
		ev.Props.SetText(ical.PropTransparency, "TRANSPARENT")
		cal.Children = append(cal.Children, ev.Component)
	}
	stamp := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

	for _, iv := range tl.Point {
		add("point-"+stamp(iv.Start), fmt.Sprintf("%s: %s", name, words.open), iv.Comment, iv.Start, iv.End, false)
	}
	for _, o := range tl.Offerings {
		for _, iv := range o.WalkIn {
			add("walk-in-"+o.Service+"-"+stamp(iv.Start), fmt.Sprintf("%s: %s", o.Name.In(lang), words.walkIn), name, iv.Start, iv.End, false)
		}
	}
	for _, day := range tl.Days() {
		start := time.Date(day.Date.Year, day.Date.Month, day.Date.Day, 0, 0, 0, 0, time.UTC)
		if day.Closure != nil {
			add("closure-"+day.Date.String(), fmt.Sprintf("%s %s: %s", name, words.closed, holidayName(day.Closure.Names, lang)), "", start, start.AddDate(0, 0, 1), true)
		}
		for _, e := range day.Exceptions {
			add(fmt.Sprintf("exception-%d-%s", e.ID, day.Date), fmt.Sprintf("%s: %s", name, e.Reason.In(lang)), "", start, start.AddDate(0, 0, 1), true)
		}
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		// Encoding fails only on a calendar missing required properties,
		// which this function always sets.
		panic(err)
	}
	return buf.Bytes()
}

func holidayName(n hours.Names, lang string) string {
	switch lang {
	case "sv":
		return n.Sv
	case "en":
		return n.En
	}
	return n.Fi
}

// appointmentWords are the words of an appointment's calendar event.
var appointmentWords = map[string]struct{ summary, reference, video, phone, manage string }{
	"fi": {"Tapaaminen", "Varaustunnus", "Videotapaaminen", "Soitamme sinulle numeroon", "Siirrä tai peru aika"},
	"sv": {"Möte", "Bokningskod", "Videomöte", "Vi ringer dig på numret", "Flytta eller avboka tiden"},
	"en": {"Appointment", "Booking reference", "Video meeting", "We will call you at", "Move or cancel the appointment"},
}

// appointmentCalendar renders one appointment as an iCalendar (RFC 5545)
// event: where (the point's address or the meeting link), what (the
// services), the reference and where to move or cancel it. A cancelled
// appointment is an event with STATUS:CANCELLED, so that a calendar that
// imported it can drop it; SEQUENCE grows with each move.
func appointmentCalendar(ap booking.Appointment, p catalogue.PointDetail, services []string, lang, manageURL string, now time.Time) []byte {
	w := appointmentWords[lang]
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//onestop//appointment//"+lang)
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, ap.Reference+"@appointments.onestop")
	ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, ap.Start.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, ap.End.UTC())
	summary := w.summary + ": " + strings.Join(services, ", ")
	desc := []string{w.reference + ": " + ap.Reference}
	switch ap.Channel {
	case booking.Video:
		summary = w.video + ": " + strings.Join(services, ", ")
		if ap.MeetingLink != "" {
			ev.Props.SetText(ical.PropLocation, ap.MeetingLink)
			if u, err := url.Parse(ap.MeetingLink); err == nil {
				ev.Props.SetURI(ical.PropURL, u)
			}
			desc = append(desc, w.video+": "+ap.MeetingLink)
		}
	case booking.Phone:
		desc = append(desc, w.phone+" "+ap.Customer.Phone)
	default:
		location := p.Name.In(lang) + ", " + p.Address.Street.In(lang)
		if pc := p.Address.PostalCode; pc != "" {
			location += ", " + pc + " " + p.Address.PostOffice.In(lang)
		}
		ev.Props.SetText(ical.PropLocation, location)
		if p.Location != nil {
			ev.Props.SetText(ical.PropGeo, fmt.Sprintf("%f;%f", p.Location.Lat, p.Location.Lon))
		}
	}
	if manageURL != "" {
		desc = append(desc, w.manage+": "+manageURL)
	}
	ev.Props.SetText(ical.PropSummary, summary)
	ev.Props.SetText(ical.PropDescription, strings.Join(desc, "\n"))
	status := "CONFIRMED"
	if ap.Cancelled != nil {
		status = "CANCELLED"
	}
	ev.Props.SetText(ical.PropStatus, status)
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.Itoa(ap.Sequence)
	ev.Props.Set(seq)
	cal.Children = append(cal.Children, ev.Component)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		panic(err) // only on missing required properties, always set here
	}
	return buf.Bytes()
}

// writeAppointmentICS answers an appointment as a calendar file.
func (s *Server) writeAppointmentICS(w http.ResponseWriter, r *http.Request, ap booking.Appointment, lang string) {
	var p catalogue.PointDetail
	if ap.Point != "" {
		var err error
		if p, err = s.cat.Point(r.Context(), ap.Point); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	names := make([]string, 0, len(ap.Services))
	for _, slug := range ap.Services {
		if svc, err := s.cat.Service(r.Context(), slug); err == nil {
			names = append(names, svc.Name.In(lang))
		} else {
			names = append(names, slug)
		}
	}
	body := appointmentCalendar(ap, p, names, lang, s.baseURL(r)+"/appointments/"+ap.Reference, s.cfg.Now())
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ap.Reference+`.ics"`)
	w.Write(body)
}

// langOfAppointment is the language of the customer's calendar event:
// theirs when pages speak it, Finnish otherwise.
func langOfAppointment(ap booking.Appointment) string {
	if _, ok := appointmentWords[ap.Customer.Language]; ok {
		return ap.Customer.Language
	}
	return "fi"
}
