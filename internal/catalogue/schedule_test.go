package catalogue

import (
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/hours"
)

var helsinki, _ = time.LoadLocation("Europe/Helsinki")

func palojoenkulma() PointDetail {
	return PointDetail{
		Point: Point{Slug: "palojoenkulma", TimeZone: "Europe/Helsinki", OpeningHours: "Mo-Fr 09:00-16:00; PH off"},
		Offerings: []OfferingDetail{{
			Offering:     Offering{Point: "palojoenkulma", Service: "kela-benefit-guidance", WalkInHours: "Mo,Tu,Th,Fr 12:00-15:30; PH off", AppointmentHours: "Mo-Fr 09:00-16:00; PH off"},
			Organisation: "kela",
		}, {
			// A window wider than the point's hours is clipped to them.
			Offering:     Offering{Point: "palojoenkulma", Service: "pori-employment", AppointmentHours: "Mo-Fr 08:00-17:00"},
			Organisation: "pori",
		}},
	}
}

type span struct{ start, end string }

func spans(ivs []hours.Interval) []span {
	out := []span{}
	for _, iv := range ivs {
		out = append(out, span{iv.Start.In(helsinki).Format("2006-01-02T15:04"), iv.End.In(helsinki).Format("2006-01-02T15:04")})
	}
	return out
}

func equalSpans(a, b []span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, helsinki)
	if err != nil {
		panic(err)
	}
	return t
}

// TestChristmasWeek2026 checks Palojoenkulma over Christmas week 2026:
// open Mon 21 – Wed 23, closed on Christmas Eve (a national closure day,
// not a public holiday), Christmas Day and St Stephen's Day (public
// holidays) and the weekend.
func TestChristmasWeek2026(t *testing.T) {
	tl, err := BuildTimeline(palojoenkulma(), nil, local("2026-12-21T00:00"), local("2026-12-28T00:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := []span{{"2026-12-21T09:00", "2026-12-21T16:00"}, {"2026-12-22T09:00", "2026-12-22T16:00"}, {"2026-12-23T09:00", "2026-12-23T16:00"}}
	if got := spans(tl.Point); !equalSpans(got, want) {
		t.Errorf("point hours %v, want %v", got, want)
	}
	walkIn := []span{{"2026-12-21T12:00", "2026-12-21T15:30"}, {"2026-12-22T12:00", "2026-12-22T15:30"}}
	if got := spans(tl.Offerings[0].WalkIn); !equalSpans(got, walkIn) {
		t.Errorf("Kela walk-in %v, want %v", got, walkIn)
	}
	clipped := []span{{"2026-12-21T09:00", "2026-12-21T16:00"}, {"2026-12-22T09:00", "2026-12-22T16:00"}, {"2026-12-23T09:00", "2026-12-23T16:00"}}
	if got := spans(tl.Offerings[1].Appointment); !equalSpans(got, clipped) {
		t.Errorf("employment appointments %v, want them clipped to %v", got, clipped)
	}
	days := tl.Days()
	if len(days) != 7 || days[3].Closure == nil || days[3].Closure.Names.En != "Christmas Eve" || days[3].Holiday != nil {
		t.Fatalf("24 Dec: %+v", days[3])
	}
	if days[4].Holiday == nil || days[4].Holiday.Names.Fi != "Joulupäivä" {
		t.Errorf("25 Dec holiday = %+v", days[4].Holiday)
	}

	// A point that opts out of national closures is open on Christmas Eve.
	p := palojoenkulma()
	p.NationalClosuresOff = true
	tl, _ = BuildTimeline(p, nil, local("2026-12-24T00:00"), local("2026-12-25T00:00"))
	if got := spans(tl.Point); !equalSpans(got, []span{{"2026-12-24T09:00", "2026-12-24T16:00"}}) {
		t.Errorf("opted-out point on 24 Dec: %v", got)
	}
}

func TestExceptionsApply(t *testing.T) {
	reason := Text{Fi: "Koulutuspäivä", Sv: "Utbildningsdag", En: "Training day"}
	exc := []Exception{
		{Point: "palojoenkulma", FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off", Reason: reason},
		{Point: "palojoenkulma", Service: "kela-benefit-guidance", FirstDay: "2026-12-03", LastDay: "2026-12-04", Hours: "10:00-12:00", Reason: reason},
		{Point: "palojoenkulma", FirstDay: "2026-12-05", LastDay: "2026-12-05", Hours: "10:00-14:00", Reason: reason},
	}
	tl, err := BuildTimeline(palojoenkulma(), exc, local("2026-11-30T00:00"), local("2026-12-07T00:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := []span{{"2026-11-30T09:00", "2026-11-30T16:00"}, {"2026-12-02T09:00", "2026-12-02T16:00"},
		{"2026-12-03T09:00", "2026-12-03T16:00"}, {"2026-12-04T09:00", "2026-12-04T16:00"}, {"2026-12-05T10:00", "2026-12-05T14:00"}}
	if got := spans(tl.Point); !equalSpans(got, want) {
		t.Errorf("point with a training day and a Saturday opening: %v, want %v", got, want)
	}
	walkIn := []span{{"2026-11-30T12:00", "2026-11-30T15:30"}, {"2026-12-03T10:00", "2026-12-03T12:00"}, {"2026-12-04T10:00", "2026-12-04T12:00"}}
	if got := spans(tl.Offerings[0].WalkIn); !equalSpans(got, walkIn) {
		t.Errorf("Kela walk-in with its own exception: %v, want %v", got, walkIn)
	}
	if d := tl.Days()[1]; len(d.Exceptions) != 1 || d.Exceptions[0].Reason.En != "Training day" {
		t.Errorf("1 Dec exceptions: %+v", d.Exceptions)
	}
}

func TestStatusAt(t *testing.T) {
	tl, err := BuildTimeline(palojoenkulma(), nil, local("2026-12-21T00:00"), local("2027-01-10T00:00"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at    string
		ivs   []hours.Interval
		state hours.State
		until string
	}{
		{"2026-12-21T13:00", tl.Offerings[0].WalkIn, hours.Open, "2026-12-21T15:30"},
		{"2026-12-21T10:00", tl.Offerings[0].WalkIn, hours.Closed, "2026-12-21T12:00"},
		{"2026-12-23T10:00", tl.Offerings[0].WalkIn, hours.Closed, "2026-12-28T12:00"}, // Wednesday, then the holidays
		{"2026-12-23T17:00", tl.Point, hours.Closed, "2026-12-28T09:00"},
	}
	for _, tc := range cases {
		st := StatusAt(tc.ivs, local(tc.at))
		if st.State != tc.state || st.Until.In(helsinki).Format("2006-01-02T15:04") != tc.until {
			t.Errorf("at %s: %v until %v; want %v until %s", tc.at, st.State, st.Until.In(helsinki), tc.state, tc.until)
		}
	}
}

func TestBuildTimelineRefusesBadHours(t *testing.T) {
	p := palojoenkulma()
	p.OpeningHours = "Mo-Fr 9-16"
	if _, err := BuildTimeline(p, nil, local("2026-12-21T00:00"), local("2026-12-22T00:00")); err == nil {
		t.Fatal("bad hours were accepted")
	}
}
