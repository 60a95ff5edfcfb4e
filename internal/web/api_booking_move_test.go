package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// serverAt serves the demo with its schedules on a clock stopped at now,
// video links from a template and reminders a day ahead.
func serverAt(t *testing.T, e storetest.Engine, now time.Time) (*httptest.Server, *store.DB) {
	t.Helper()
	db := e.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadSchedules(ctx, db.Appointments()); err != nil {
		t.Fatal(err)
	}
	return serveDB(t, db, web.Config{Now: func() time.Time { return now }, MeetingLink: "https://meet.example.fi/onestop-{room}",
		RemindBefore: 24 * time.Hour}), db
}

// booked books s for a customer and returns the appointment and its code.
func booked(t *testing.T, ts *httptest.Server, s booking.Slot, customer string) (booking.Appointment, string) {
	t.Helper()
	r := do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(customer), "Content-Type", "application/json")
	if r.status != 201 {
		t.Fatalf("book %+v = %d %s", s, r.status, r.body)
	}
	made := decode[struct {
		booking.Appointment
		Token string `json:"token"`
	}](t, r)
	return made.Appointment, made.Token
}

func withCustomer(s booking.Slot, fields string) string {
	body := bookBody(s, "Amal")
	return strings.Replace(body, `"customer":{`, `"customer":{`+fields, 1)
}

// parseICS reads the one event of an appointment's calendar file.
func parseICS(t *testing.T, body []byte) *ical.Event {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(string(body))).Decode()
	if err != nil {
		t.Fatalf("the .ics does not parse: %v\n%s", err, body)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("the .ics has %d events", len(evs))
	}
	return &evs[0]
}

func TestMoveAndCalendar(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := serverAt(t, e, bookingNow)
		query := "service=kela-benefit-guidance&point=palojoenkulma&limit=40"
		slots := slotsOf(t, ts, query)
		ap, code := booked(t, ts, slots[0], bookBody(slots[0], "Amal"))
		path := "/api/v1/appointments/" + ap.Reference
		typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))

		// Someone else takes a later time with the same expert.
		var other booking.Slot
		for _, s := range slots[1:] {
			if s.Staff[0] == ap.Staff[0] && s.Start.Sub(ap.Start) >= 2*time.Hour {
				other = s
				break
			}
		}
		if other.Point == "" {
			t.Fatal("no later slot with the same expert")
		}
		booked(t, ts, other, bookBody(other, "Bertta"))

		// Moving onto Bertta's time is a conflict with the next free times.
		p := problemOf(t, do(t, ts, "PATCH", path, strings.NewReader(mustJSON(other)), "X-Appointment-Token", typed,
			"Content-Type", "application/json"), 409)
		if len(p.Alternatives) == 0 {
			t.Errorf("a move onto a taken time offers no alternatives: %+v", p)
		}
		// Its own time counts as free when moving: 15 minutes later with
		// the same expert and room overlaps only itself. A plain search
		// does not offer that, because Amal's booking is in the way.
		near := ap.Slot
		near.Start, near.End = ap.Start.Add(15*time.Minute), ap.End.Add(15*time.Minute)
		for _, s := range slotsOf(t, ts, query+"&from="+url.QueryEscape(near.Start.Format(time.RFC3339))) {
			if s.Start.Equal(near.Start) && s.Staff[0] == near.Staff[0] {
				t.Fatalf("a plain search offers Amal's expert during Amal's appointment: %+v", s)
			}
		}
		r := do(t, ts, "PATCH", path, strings.NewReader(mustJSON(near)), "X-Appointment-Token", code, "Content-Type", "application/json")
		if r.status != 200 {
			t.Fatalf("moving 15 minutes later = %d %s", r.status, r.body)
		}
		moved := decode[booking.Appointment](t, r)
		if !moved.Start.Equal(near.Start) || moved.Moved == nil {
			t.Errorf("moved = %+v", moved)
		}
		// A move that drops or adds a service is refused and changes nothing.
		joint := near
		joint.Services = append(joint.Services, "satakunta-adult-social-work")
		joint.Staff = append(joint.Staff, "someone")
		problemOf(t, do(t, ts, "PATCH", path, strings.NewReader(mustJSON(joint)), "X-Appointment-Token", code, "Content-Type", "application/json"), 409)
		problemOf(t, do(t, ts, "PATCH", path, strings.NewReader(`{"start":`), "X-Appointment-Token", code, "Content-Type", "application/json"), 400)
		problemOf(t, do(t, ts, "PATCH", path, strings.NewReader(mustJSON(near)), "X-Appointment-Token", "AAAA-AAAA-AAAA-AAAA-AAAA",
			"Content-Type", "application/json"), 403)
		if n, err := db.Appointments().Overlaps(context.Background()); err != nil || n != 0 {
			t.Errorf("overlaps after moves: %d, %v", n, err)
		}

		// The calendar file follows the move.
		ics := do(t, ts, "GET", path+".ics", nil, "X-Appointment-Token", code)
		if ics.status != 200 || !strings.HasPrefix(ics.ctype, "text/calendar") {
			t.Fatalf(".ics = %d %s %s", ics.status, ics.ctype, ics.body)
		}
		ev := parseICS(t, ics.body)
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil || !start.Equal(near.Start) {
			t.Errorf(".ics DTSTART = %s, %v; want %s", start, err, near.Start)
		}
		if loc := ev.Props.Get(ical.PropLocation); loc == nil || !strings.Contains(loc.Value, "Palojoenkulma") {
			t.Errorf(".ics LOCATION = %+v", loc)
		}
		if uid := ev.Props.Get(ical.PropUID); uid == nil || !strings.HasPrefix(uid.Value, ap.Reference) {
			t.Errorf(".ics UID = %+v", uid)
		}
		if seq := ev.Props.Get(ical.PropSequence); seq == nil || seq.Value == "0" {
			t.Errorf(".ics SEQUENCE after a move = %+v", seq)
		}
		problemOf(t, do(t, ts, "GET", path+".ics", nil), 401)

		// Staff of Kela see it on the point's agenda; the analyst does not.
		kela := tokenFor(t, db, access.Grant{Role: access.Staff, Organisation: "kela"})
		day := ap.Start.In(helsinkiZone(t)).Format(time.DateOnly)
		r = do(t, ts, "GET", "/api/v1/points/palojoenkulma/appointments?from="+day, nil, kela...)
		if r.status != 200 || !strings.Contains(string(r.body), ap.Reference) || !strings.Contains(string(r.body), "Amal") {
			t.Errorf("Kela's agenda = %d %s", r.status, r.body)
		}
		r = do(t, ts, "GET", "/api/v1/staff/"+ap.Staff[0]+"/appointments?from="+day+"&to="+day, nil, kela...)
		problemOf(t, r, 400)
		analyst := tokenFor(t, db, access.Grant{Role: access.Analyst, Organisation: "kela"})
		problemOf(t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/appointments", nil, analyst...), 403)
		problemOf(t, do(t, ts, "GET", "/api/v1/points/palojoenkulma/appointments", nil), 401)

		// Cancelled, the .ics says so, for calendars that imported it.
		if d := do(t, ts, "DELETE", path, nil, "X-Appointment-Token", code); d.status != 204 {
			t.Fatalf("cancel = %d %s", d.status, d.body)
		}
		ev = parseICS(t, do(t, ts, "GET", path+".ics", nil, "X-Appointment-Token", code).body)
		if st := ev.Props.Get(ical.PropStatus); st == nil || st.Value != "CANCELLED" {
			t.Errorf(".ics STATUS after cancelling = %+v", st)
		}
	})
}

func TestVideoAndPhone(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := serverAt(t, e, bookingNow)
		video := slotsOf(t, ts, "service=kela-benefit-guidance&point=kela-remote&channel=video&limit=2")
		ap, code := booked(t, ts, video[0], withCustomer(video[0], `"email":"amal@example.fi",`))
		if !strings.HasPrefix(ap.MeetingLink, "https://meet.example.fi/onestop-"+ap.Reference+"-") || ap.Point != "kela-remote" {
			t.Errorf("video appointment = %+v", ap)
		}
		ev := parseICS(t, do(t, ts, "GET", "/api/v1/appointments/"+ap.Reference+".ics", nil, "X-Appointment-Token", code).body)
		if loc := ev.Props.Get(ical.PropLocation); loc == nil || loc.Value != ap.MeetingLink {
			t.Errorf(".ics of a video appointment: LOCATION %+v, want the link", loc)
		}

		phone := slotsOf(t, ts, "service=kela-benefit-guidance&point=kela-remote&channel=phone&limit=2")
		noPhone := strings.Replace(withCustomer(phone[0], `"email":"amal@example.fi",`), `,"phone":"+358 40 123 4567"`, ``, 1)
		if p := problemOf(t, do(t, ts, "POST", "/api/v1/appointments", strings.NewReader(noPhone), "Content-Type", "application/json"), 400); !strings.Contains(p.Detail, "phone") {
			t.Errorf("a phone appointment without a number: %s", p.Detail)
		}
		ap, code = booked(t, ts, phone[0], bookBody(phone[0], "Amal"))
		if ap.MeetingLink != "" || ap.Customer.Phone == "" {
			t.Errorf("phone appointment = %+v", ap)
		}
		desc := parseICS(t, do(t, ts, "GET", "/api/v1/appointments/"+ap.Reference+".ics", nil, "X-Appointment-Token", code).body).Props.Get(ical.PropDescription)
		if desc == nil || !strings.Contains(desc.Value, ap.Customer.Phone) {
			t.Errorf(".ics of a phone appointment does not say the number we call: %+v", desc)
		}
	})
}

// TestBookingAcrossSummerTime books through the API on the working days
// either side of Finland's clock changes (summer time ends on Sunday 25
// October 2026 and begins on Sunday 28 March 2027): the first free time
// of each day is the same wall-clock time, and what is booked is what
// the agenda and the calendar file show.
func TestBookingAcrossSummerTime(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		hel := helsinkiZone(t)
		for _, change := range []time.Time{time.Date(2026, 10, 25, 12, 0, 0, 0, hel), time.Date(2027, 3, 28, 12, 0, 0, 0, hel)} {
			ts, db := serverAt(t, e, change.AddDate(0, 0, -10))
			kela := tokenFor(t, db, access.Grant{Role: access.Staff, Organisation: "kela"})
			var wall []string
			// Thursday and Tuesday: in 2027 the Friday and the Monday
			// around the change are Good Friday and Easter Monday.
			for _, day := range []time.Time{change.AddDate(0, 0, -3), change.AddDate(0, 0, 2)} {
				from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, hel)
				q := fmt.Sprintf("service=kela-benefit-guidance&point=palojoenkulma&limit=1&from=%s&to=%s",
					url.QueryEscape(from.Format(time.RFC3339)), url.QueryEscape(from.Add(20*time.Hour).Format(time.RFC3339)))
				slots := slotsOf(t, ts, q)
				if len(slots) == 0 {
					t.Fatalf("no slots on %s", from.Format(time.DateOnly))
				}
				wall = append(wall, slots[0].Start.In(hel).Format("15:04"))
				ap, code := booked(t, ts, slots[0], bookBody(slots[0], "Kesä"))
				r := do(t, ts, "GET", "/api/v1/points/palojoenkulma/appointments?from="+from.Format(time.DateOnly), nil, kela...)
				list := decode[page[booking.Appointment]](t, r).Items
				if len(list) != 1 || list[0].Reference != ap.Reference || !list[0].Start.Equal(slots[0].Start) {
					t.Errorf("agenda of %s = %+v", from.Format(time.DateOnly), list)
				}
				ev := parseICS(t, do(t, ts, "GET", "/api/v1/appointments/"+ap.Reference+".ics", nil, "X-Appointment-Token", code).body)
				if s, err := ev.DateTimeStart(time.UTC); err != nil || !s.Equal(slots[0].Start) {
					t.Errorf(".ics start %s, %v; want %s", s, err, slots[0].Start)
				}
			}
			if wall[0] != wall[1] {
				t.Errorf("around %s the first free time is %s on Thursday and %s on Tuesday; want the same wall-clock time",
					change.Format(time.DateOnly), wall[0], wall[1])
			}
			if n, err := db.Appointments().Overlaps(context.Background()); err != nil || n != 0 {
				t.Errorf("overlaps: %d, %v", n, err)
			}
		}
	})
}

// TestSlotsInMunicipality searches every point of a municipality at once.
func TestSlotsInMunicipality(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := serverAt(t, e, bookingNow)
		area := slotsOf(t, ts, "service=kela-benefit-guidance&municipality=Pori&limit=30")
		one := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1")
		if len(area) == 0 || area[0].Start.After(one[0].Start) {
			t.Fatalf("the earliest slot in Pori %+v is later than Palojoenkulma's %+v", area, one)
		}
		for i := 1; i < len(area); i++ {
			if area[i].Start.Before(area[i-1].Start) {
				t.Errorf("slots out of order at %d: %s after %s", i, area[i].Start, area[i-1].Start)
			}
		}
		same := slotsOf(t, ts, "service=kela-benefit-guidance&municipality=609&limit=30")
		if len(same) != len(area) || !same[0].Start.Equal(area[0].Start) {
			t.Errorf("by code 609: %d slots; by name: %d", len(same), len(area))
		}
		for q, param := range map[string]string{
			"service=kela-benefit-guidance&municipality=Atlantis":                 "municipality",
			"service=kela-benefit-guidance&municipality=Pori&point=palojoenkulma": "municipality",
			"service=kela-benefit-guidance&municipality=Pori&channel=video":       "channel",
			"service=no-such-service&municipality=Pori":                           "service",
		} {
			if p := problemOf(t, do(t, ts, "GET", "/api/v1/slots?"+q, nil), 400); p.Param != param {
				t.Errorf("slots?%s: param %q, want %q (%s)", q, p.Param, param, p.Detail)
			}
		}
	})
}

// TestServiceNoticeAndHorizon gives a service its own minimum notice and
// booking horizon through the API; a joint visit keeps the strictest.
func TestServiceNoticeAndHorizon(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := serverAt(t, e, bookingNow)
		admin := tokenFor(t, db, access.Grant{Role: access.OrgAdmin, Organisation: "satakunta"})
		path := "/api/v1/services/satakunta-adult-social-work"
		svc := decode[map[string]any](t, do(t, ts, "GET", path, nil))
		svc["min_notice_minutes"], svc["horizon_days"] = 3*24*60, 14
		put := func(body map[string]any) response {
			return do(t, ts, "PUT", path, strings.NewReader(mustJSON(body)), append(admin, "Content-Type", "application/json")...)
		}
		if r := put(svc); r.status != 200 {
			t.Fatalf("PUT notice and horizon = %d %s", r.status, r.body)
		}
		joint := "service=kela-benefit-guidance&service=satakunta-adult-social-work&point=palojoenkulma&limit=200&to=" +
			url.QueryEscape(bookingNow.Add(8*7*24*time.Hour).Format(time.RFC3339))
		slots := slotsOf(t, ts, joint)
		if len(slots) == 0 {
			t.Fatal("no joint slots within 3 days to 2 weeks")
		}
		for _, s := range slots {
			if s.Start.Before(bookingNow.Add(72*time.Hour)) || s.Start.After(bookingNow.Add(14*24*time.Hour)) {
				t.Fatalf("joint slot %s is outside 3 days' notice and the 14-day horizon", s.Start)
			}
		}
		// Kela's own service keeps the defaults.
		if kela := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1"); kela[0].Start.After(bookingNow.Add(72 * time.Hour)) {
			t.Errorf("Kela's first slot %s took the county's notice", kela[0].Start)
		}
		svc["min_notice_minutes"] = -5
		if p := problemOf(t, put(svc), 400); !strings.Contains(p.Detail, "minimum notice") {
			t.Errorf("a negative notice: %s", p.Detail)
		}
	})
}

// TestSlotsAcrossSearchWindows checks that the search, which widens its
// window from two days until it has enough, gives the same times whatever
// the limit: the first few of a long list are the short list.
func TestSlotsAcrossSearchWindows(t *testing.T) {
	ts, _ := serverAt(t, storetest.SQLite, bookingNow)
	q := "service=kela-benefit-guidance&point=palojoenkulma"
	long := slotsOf(t, ts, q+"&limit=200")
	if len(long) < 100 || long[len(long)-1].Start.Sub(long[0].Start) < 5*24*time.Hour {
		t.Fatalf("200 slots span only %d slots from %s", len(long), long[0].Start)
	}
	for i := 1; i < len(long); i++ {
		if !long[i].Start.After(long[i-1].Start) {
			t.Fatalf("slot %d at %s does not follow %s: a window was searched twice", i, long[i].Start, long[i-1].Start)
		}
	}
	for _, n := range []int{1, 7, 60} {
		short := slotsOf(t, ts, fmt.Sprintf("%s&limit=%d", q, n))
		for i := range short {
			if !short[i].Start.Equal(long[i].Start) || short[i].Staff[0] != long[i].Staff[0] || short[i].Room != long[i].Room {
				t.Fatalf("limit %d: slot %d is %+v; the long list has %+v", n, i, short[i], long[i])
			}
		}
	}
}

// TestEditSchedules changes when an expert works; the search follows at
// once, and bad hours are refused with the schedule unchanged.
func TestEditSchedules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, db := serverAt(t, e, bookingNow)
		hel := helsinkiZone(t)
		q := "service=kela-benefit-guidance&point=palojoenkulma&limit=200&to=" +
			url.QueryEscape(bookingNow.Add(21*24*time.Hour).Format(time.RFC3339))
		expert := slotsOf(t, ts, q)[0].Staff[0]
		path := "/api/v1/staff/" + expert + "/schedules"
		admin := append(tokenFor(t, db, access.Grant{Role: access.OrgAdmin, Organisation: "kela"}), "Content-Type", "application/json")
		body := `{"schedules":[{"point":"palojoenkulma","hours":"We 10:00-12:00"}],
			"absences":[{"first_day":"2026-11-25","last_day":"2026-11-25","reason":"training"}]}`
		if r := do(t, ts, "PUT", path, strings.NewReader(body), admin...); r.status != 200 {
			t.Fatalf("PUT schedules = %d %s", r.status, r.body)
		}
		seen := 0
		for _, s := range slotsOf(t, ts, q) {
			if s.Staff[0] != expert {
				continue
			}
			seen++
			local := s.Start.In(hel)
			if local.Weekday() != time.Wednesday || local.Hour() < 10 || s.End.In(hel).After(time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, hel)) {
				t.Errorf("%s is offered at %s, outside Wednesdays 10–12", expert, local)
			}
			if local.Format(time.DateOnly) == "2026-11-25" {
				t.Errorf("%s is offered on the day of their training: %s", expert, local)
			}
		}
		if seen == 0 {
			t.Errorf("%s is not offered on the Wednesdays after the training", expert)
		}
		for _, bad := range []string{
			`{"schedules":[{"point":"palojoenkulma","hours":"Someday 25:00"}]}`,
			`{"schedules":[{"point":"nowhere","hours":"Mo 09:00-10:00"}]}`,
			`{"absences":[{"first_day":"2026-12-31","last_day":"2026-12-01"}]}`,
			`{"schedules":`,
		} {
			r := do(t, ts, "PUT", path, strings.NewReader(bad), admin...)
			if r.status != 400 {
				t.Errorf("PUT %s = %d %s; want 400", bad, r.status, r.body)
			}
		}
		// The refusal of bad hours says what the parser found, not that
		// something went wrong on our side.
		bad := problemOf(t, do(t, ts, "PUT", path, strings.NewReader(`{"schedules":[{"point":"palojoenkulma","hours":"Someday 25:00"}]}`), admin...), 400)
		if want := `Schedule 1: the hours "Someday 25:00" cannot be read: at character 1: unknown word "Someday"`; !strings.HasPrefix(bad.Detail, want) {
			t.Errorf("bad hours: %q; want it to start %q", bad.Detail, want)
		}
		got := decode[booking.StaffTime](t, do(t, ts, "GET", path, nil, admin...))
		if len(got.Schedules) != 1 || got.Schedules[0].Hours != "We 10:00-12:00" || len(got.Absences) != 1 {
			t.Errorf("after refused changes the schedule is %+v", got)
		}
		pori := append(tokenFor(t, db, access.Grant{Role: access.OrgAdmin, Organisation: "pori"}), "Content-Type", "application/json")
		problemOf(t, do(t, ts, "PUT", path, strings.NewReader(body), pori...), 403)
	})
}

// TestPrivateCodeLimit locks an appointment's private code over the API
// after five wrong tries, even for the right code, until the window ends.
func TestPrivateCodeLimit(t *testing.T) {
	ts, _ := serverAt(t, storetest.SQLite, bookingNow)
	slots := slotsOf(t, ts, "service=kela-benefit-guidance&point=palojoenkulma&limit=1")
	ap, code := booked(t, ts, slots[0], bookBody(slots[0], "Amal"))
	path := "/api/v1/appointments/" + ap.Reference
	for range 5 {
		problemOf(t, do(t, ts, "GET", path, nil, "X-Appointment-Token", "AAAA-AAAA-AAAA-AAAA-AAAA"), 403)
	}
	if p := problemOf(t, do(t, ts, "GET", path, nil, "X-Appointment-Token", code), 429); !strings.Contains(p.Detail, "try again") {
		t.Errorf("locked: %s", p.Detail)
	}
	problemOf(t, do(t, ts, "DELETE", path, nil, "X-Appointment-Token", code), 429)
}
