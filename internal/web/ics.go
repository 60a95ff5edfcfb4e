package web

import (
	"bytes"
	"fmt"
	"time"

	"github.com/emersion/go-ical"

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
