package hours

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want Date
	}{
		{1900, Date{1900, time.April, 15}},
		{1954, Date{1954, time.April, 18}},
		{2000, Date{2000, time.April, 23}},
		{2024, Date{2024, time.March, 31}},
		{2025, Date{2025, time.April, 20}},
		{2026, Date{2026, time.April, 5}},
		{2027, Date{2027, time.March, 28}},
		{2038, Date{2038, time.April, 25}}, // latest possible
		{2100, Date{2100, time.March, 28}},
		{2285, Date{2285, time.March, 22}}, // earliest possible
	}
	for _, tt := range tests {
		if got := EasterSunday(tt.year); got != tt.want {
			t.Errorf("EasterSunday(%d) = %v, want %v", tt.year, got, tt.want)
		}
	}
}

func TestPublicHolidays(t *testing.T) {
	tests := []struct {
		year int
		want []string
	}{
		{2026, []string{"2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01",
			"2026-05-14", "2026-05-24", "2026-06-20", "2026-10-31", "2026-12-06", "2026-12-25", "2026-12-26"}},
		{2024, []string{"2024-01-01", "2024-01-06", "2024-03-29", "2024-03-31", "2024-04-01", "2024-05-01",
			"2024-05-09", "2024-05-19", "2024-06-22", "2024-11-02", "2024-12-06", "2024-12-25", "2024-12-26"}},
		// 1900: no Independence Day yet.
		{1900, []string{"1900-01-01", "1900-01-06", "1900-04-13", "1900-04-15", "1900-04-16", "1900-05-01",
			"1900-05-24", "1900-06-03", "1900-06-23", "1900-11-03", "1900-12-25", "1900-12-26"}},
		{2100, []string{"2100-01-01", "2100-01-06", "2100-03-26", "2100-03-28", "2100-03-29", "2100-05-01",
			"2100-05-06", "2100-05-16", "2100-06-26", "2100-11-06", "2100-12-06", "2100-12-25", "2100-12-26"}},
	}
	for _, tt := range tests {
		hs := PublicHolidays(tt.year)
		var got []string
		for _, h := range hs {
			got = append(got, h.Date.String())
			if _, ok := IsPublicHoliday(h.Date); !ok {
				t.Errorf("IsPublicHoliday(%v) = false", h.Date)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%d: got %v, want %v", tt.year, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%d: got %v, want %v", tt.year, got, tt.want)
				break
			}
		}
	}
}

func TestHolidayNamesAndClosures(t *testing.T) {
	h, ok := IsPublicHoliday(Date{2026, time.December, 25})
	if !ok || h.Names != (Names{"Joulupäivä", "Juldagen", "Christmas Day"}) {
		t.Errorf("Christmas Day = %+v %v", h, ok)
	}
	for _, d := range []Date{{2026, time.December, 24}, {2026, time.June, 19}, {2026, time.December, 31}} {
		if _, ok := IsPublicHoliday(d); ok {
			t.Errorf("%v must not be a public holiday", d)
		}
	}
	tests := []struct {
		year int
		want [2]Date
	}{
		{2026, [2]Date{{2026, time.June, 19}, {2026, time.December, 24}}},
		{2027, [2]Date{{2027, time.June, 25}, {2027, time.December, 24}}},
		{1900, [2]Date{{1900, time.June, 22}, {1900, time.December, 24}}},
	}
	for _, tt := range tests {
		c := NationalClosures(tt.year)
		if len(c) != 2 || c[0].Date != tt.want[0] || c[1].Date != tt.want[1] {
			t.Errorf("NationalClosures(%d) = %+v", tt.year, c)
		}
		if c[0].Names.Fi != "Juhannusaatto" || c[1].Names.Sv != "Julafton" {
			t.Errorf("names: %+v", c)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	for n := day(-30000); n < 60000; n += 7 {
		if got := dayNum(n.date()); got != n {
			t.Fatalf("round trip of %d gave %d", n, got)
		}
		d := n.date()
		tm := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
		if n.weekday() != tm.Weekday() {
			t.Fatalf("%v: weekday %v, want %v", d, n.weekday(), tm.Weekday())
		}
		if _, w := tm.ISOWeek(); n.isoWeek() != w {
			t.Fatalf("%v: ISO week %d, want %d", d, n.isoWeek(), w)
		}
	}
}
