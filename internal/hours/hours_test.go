package hours

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func helsinki(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseAccepts(t *testing.T) {
	tests := []struct{ value, canonical string }{
		{"Mo-Fr 09:00-16:00; PH off", "Mo-Fr 09:00-16:00; PH off"},
		{"Mo,Tu,Th,Fr 12:00-15:30", "Mo,Tu,Th,Fr 12:00-15:30"},
		{"Sa-Mo 10:00-14:00", "Sa-Mo 10:00-14:00"},
		{"09:00-12:00,13:00-16:00", "09:00-12:00,13:00-16:00"},
		{"22:00-02:00", "22:00-02:00"},
		{"Fr 18:00-24:00", "Fr 18:00-24:00"},
		{"Tu 23:59-48:00", "Tu 23:59-48:00"},
		{"24/7", "24/7"},
		{"off", "off"},
		{"closed", "off"},
		{"open", "open"},
		{`"by appointment"`, `"by appointment"`},
		{`unknown "call first"`, `"call first"`},
		{`Mo-Fr 09:00-16:00 "only by appointment"`, `Mo-Fr 09:00-16:00 "only by appointment"`},
		{"Su,PH 10:00-14:00", "Su,PH 10:00-14:00"},
		{"PH Mo-Fr 10:00-12:00", "PH Mo-Fr 10:00-12:00"},
		{"Dec 24 off", "Dec 24 off"},
		{"Jun 20-26", "Jun 20-26"},
		{"Dec 24-26,31 off", "Dec 24-26,Dec 31 off"},
		{"Jan-Mar 10:00-12:00", "Jan-Mar 10:00-12:00"},
		{"2026 Dec 24 10:00-12:00", "2026 Dec 24 10:00-12:00"},
		{"2026-2027 Mo 10:00-12:00", "2026-2027 Mo 10:00-12:00"},
		{"Mo[1],Fr[-1] 10:00-12:00", "Mo[1],Fr[-1] 10:00-12:00"},
		{"Mo[1-2]", "Mo[1],Mo[2]"},
		{"week 01-53/2 Mo", "week 01-53/2 Mo"},
		{"week 1,3", "week 01,week 03"},
		{"Mo-Fr 10:00-20:00, We off", "Mo-Fr 10:00-20:00, We off"},
		{`Mo-Fr 08:00-11:00 || "call"`, `Mo-Fr 08:00-11:00 || "call"`},
		{"Mo open, We off", "Mo open, We off"},
		{"Apr: 10:00-12:00", "Apr 10:00-12:00"},
		{"Mo 10:00-12:00;", "Mo 10:00-12:00"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.value)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.value, err)
			continue
		}
		if got := r.String(); got != tt.canonical {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.value, got, tt.canonical)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		value string
		pos   int
		msg   string
	}{
		{"", 1, "empty value"},
		{";", 1, "empty value"},
		{"Mo-Fr xyz", 7, `unknown word "xyz"`},
		{"Mo-Fr 9", 7, "write times with minutes"},
		{"Mo-Fr 09:00", 12, `expected "-" and a closing time after "Mo-Fr 09:00"`},
		{"Mo-Fr 09:00-", 13, `expected a closing time such as 16:00 after "Mo-Fr 09:00-"`},
		{"Mo-Fr 09:60-10:00", 10, "minutes must be from 00 to 59"},
		{"24:00-12:00", 1, "must start before 24:00"},
		{"10:00-49:00", 7, "hours must be from 00 to 48"},
		{"Mo-Fr 17:00+", 12, "open ends"},
		{"sunrise-sunset", 1, "need coordinates"},
		{"SH off", 1, "school holidays"},
		{"easter off", 1, "easter"},
		{"PH +1 day", 7, "day offsets"},
		{"Sa[-1] +3 days", 11, "day offsets"}, {"Sa[-1] +3", 8, "day offsets"},
		{"week 00", 6, "week numbers run from 01 to 53"},
		{"week 40-30", 9, "must run forwards"},
		{"week 30-40/1", 12, "from 2 to 26"},
		{"Feb 30", 5, "Feb has no day 30"},
		{"Mo[0]", 4, "from 1 to 5"},
		{"2027-2026", 1, "must run forwards"},
		{`"unterminated`, 1, "comment is not closed"},
		{"Mo 10:00-12:00 open open", 21, "already has a state"},
		{`Mo "x" open`, 8, "before the comment"},
		{"Mo-Fr 10:00-16:00/90", 18, "collection times"},
		{"Mo ||", 6, `expected a rule next to "||"`},
		{"Mo-Tr 10:00-12:00", 4, `unknown word "Tr"`},
		{"Mo-Fr: 10:00-12:00 ä", 20, "unexpected character"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.value)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", tt.value, err)
			continue
		}
		if se.Pos != tt.pos || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %v, want position %d and %q", tt.value, err, tt.pos, tt.msg)
		}
	}
}

func TestSyntaxErrorText(t *testing.T) {
	_, err := Parse("Mo-Fr x")
	want := `at character 7: unknown word "x": expected a weekday (Mo-Su), month (Jan-Dec), PH, week, open, off, closed or unknown`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	_, err = Parse("Mo-Fr ,")
	if want := `at character 8: expected a weekday (Mo-Su) or PH after "Mo-Fr ,"`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// render prints intervals as wall-clock text with their real duration.
func render(ivs []Interval, loc *time.Location) string {
	var b strings.Builder
	for _, iv := range ivs {
		fmt.Fprintf(&b, "%s..%s %s", iv.Start.In(loc).Format("01-02 15:04 MST"), iv.End.In(loc).Format("01-02 15:04 MST"), iv.End.Sub(iv.Start))
		if iv.Unknown {
			b.WriteString(" unknown")
		}
		if iv.Comment != "" {
			fmt.Fprintf(&b, " %q", iv.Comment)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestDST(t *testing.T) {
	loc := helsinki(t)
	day := func(y int, m time.Month, d int) (time.Time, time.Time) {
		return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	tests := []struct {
		value string
		y     int
		m     time.Month
		d     int
		want  string
	}{
		{"24/7", 2026, time.March, 29, "03-29 00:00 EET..03-30 00:00 EEST 23h0m0s\n"},
		{"24/7", 2026, time.October, 25, "10-25 00:00 EEST..10-26 00:00 EET 25h0m0s\n"},
		// 03:00-04:00 does not exist in spring: the span is two real hours.
		{"Mo-Su 02:00-05:00", 2026, time.March, 29, "03-29 02:00 EET..03-29 05:00 EEST 2h0m0s\n"},
		// 03:00-04:00 happens twice in autumn: four real hours.
		{"Mo-Su 02:00-05:00", 2026, time.October, 25, "10-25 02:00 EEST..10-25 05:00 EET 4h0m0s\n"},
		{"22:00-02:00", 2026, time.October, 25, "10-25 00:00 EEST..10-25 02:00 EEST 2h0m0s\n10-25 22:00 EET..10-26 00:00 EET 2h0m0s\n"},
	}
	for _, tt := range tests {
		from, to := day(tt.y, tt.m, tt.d)
		got := render(MustParse(tt.value).Intervals(from, to, loc), loc)
		if got != tt.want {
			t.Errorf("%q on %d-%02d-%02d:\ngot\n%swant\n%s", tt.value, tt.y, tt.m, tt.d, got, tt.want)
		}
	}

	// StateAt inside the repeated autumn hour, on both sides of it.
	r := MustParse("Mo-Su 02:00-05:00")
	first := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)  // 03:30 EEST
	second := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC) // 03:30 EET
	for _, at := range []time.Time{first, second} {
		if st, _ := r.StateAt(at, loc); st != Open {
			t.Errorf("StateAt(%v) = %v, want open", at.In(loc), st)
		}
	}
	next, ok := r.NextChange(first, loc, first.Add(48*time.Hour))
	if want := time.Date(2026, 10, 25, 5, 0, 0, 0, loc); !ok || !next.Equal(want) {
		t.Errorf("NextChange = %v %v, want %v", next, ok, want)
	}
}

func TestPalojoenkulmaChristmas(t *testing.T) {
	loc := helsinki(t)
	r := MustParse("Mo-Fr 09:00-16:00; PH off")
	from := time.Date(2026, 12, 21, 0, 0, 0, 0, loc)
	got := render(r.Intervals(from, from.AddDate(0, 0, 7), loc), loc)
	// Thursday 24th is Christmas Eve: not PH, so the rules alone say open;
	// the caller applies NationalClosures. Friday 25th is Christmas Day.
	want := "12-21 09:00 EET..12-21 16:00 EET 7h0m0s\n" +
		"12-22 09:00 EET..12-22 16:00 EET 7h0m0s\n" +
		"12-23 09:00 EET..12-23 16:00 EET 7h0m0s\n" +
		"12-24 09:00 EET..12-24 16:00 EET 7h0m0s\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}

	// With the national closure days applied as the caller would.
	var closed []Interval
	for _, h := range NationalClosures(2026) {
		s := time.Date(h.Date.Year, h.Date.Month, h.Date.Day, 0, 0, 0, 0, loc)
		closed = append(closed, Interval{Start: s, End: s.AddDate(0, 0, 1)})
	}
	got = render(Subtract(r.Intervals(from, from.AddDate(0, 0, 7), loc), closed), loc)
	if want := strings.Join(strings.SplitAfter(want, "\n")[:3], ""); got != want {
		t.Errorf("after closures got\n%swant\n%s", got, want)
	}

	if st, _ := r.StateAt(time.Date(2026, 12, 25, 10, 0, 0, 0, loc), loc); st != Closed {
		t.Errorf("Christmas Day 10:00 is %v, want closed", st)
	}
}

func TestStateAtAndComments(t *testing.T) {
	loc := helsinki(t)
	// A comment without a state means unknown, as in the reference; to say
	// open with a comment, write "open".
	r := MustParse(`Mo-Fr 09:00-16:00 open "only by appointment"; Sa "call first"; Su 10:00-12:00 "maybe"; PH off`)
	tests := []struct {
		at      time.Time
		state   State
		comment string
	}{
		{time.Date(2026, 11, 23, 9, 0, 0, 0, loc), Open, "only by appointment"},
		{time.Date(2026, 11, 23, 16, 0, 0, 0, loc), Closed, ""},
		{time.Date(2026, 11, 28, 12, 0, 0, 0, loc), Unknown, "call first"},
		{time.Date(2026, 11, 29, 11, 0, 0, 0, loc), Unknown, "maybe"},
		// A PH rule without a comment of its own reports the holiday's name,
		// as the reference does.
		{time.Date(2026, 12, 25, 12, 0, 0, 0, loc), Closed, "joulupäivä - juldagen"},
	}
	for _, tt := range tests {
		st, cm := r.StateAt(tt.at, loc)
		if st != tt.state || cm != tt.comment {
			t.Errorf("StateAt(%v) = %v %q, want %v %q", tt.at, st, cm, tt.state, tt.comment)
		}
	}
}

func TestIntersectSubtract(t *testing.T) {
	loc := helsinki(t)
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, loc) // a Monday
	to := from.AddDate(0, 0, 7)
	point := MustParse("Mo-Fr 09:00-16:00; PH off").Intervals(from, to, loc)
	kela := MustParse("Mo,Tu,Th,Fr 08:00-15:30").Intervals(from, to, loc)
	got := render(Intersect(kela, point), loc)
	want := "11-23 09:00 EET..11-23 15:30 EET 6h30m0s\n" +
		"11-24 09:00 EET..11-24 15:30 EET 6h30m0s\n" +
		"11-26 09:00 EET..11-26 15:30 EET 6h30m0s\n" +
		"11-27 09:00 EET..11-27 15:30 EET 6h30m0s\n"
	if got != want {
		t.Errorf("Intersect got\n%swant\n%s", got, want)
	}
	lunch := MustParse("Mo 12:00-13:00,15:00-17:00").Intervals(from, to, loc)
	got = render(Subtract(point[:1], lunch), loc)
	want = "11-23 09:00 EET..11-23 12:00 EET 3h0m0s\n11-23 13:00 EET..11-23 15:00 EET 2h0m0s\n"
	if got != want {
		t.Errorf("Subtract got\n%swant\n%s", got, want)
	}
}

func TestParseShared(t *testing.T) {
	a, err := ParseShared("Mo-Fr 09:00-15:00")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseShared("Mo-Fr 09:00-15:00")
	if err != nil || a != b {
		t.Errorf("the same value parsed again: %p, %p, %v", a, b, err)
	}
	if got, want := a.String(), "Mo-Fr 09:00-15:00"; got != want {
		t.Errorf("shared rules = %q, want %q", got, want)
	}
	for range 2 {
		if r, err := ParseShared("Mo-Fr 25:00-26:00"); err == nil || r != nil {
			t.Errorf("a bad value = %v, %v; want an error each time", r, err)
		}
	}
}
