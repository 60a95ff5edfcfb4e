package hours

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkYearOfHours measures Intervals over one year.
func BenchmarkYearOfHours(b *testing.B) {
	loc := helsinki(b)
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(1, 0, 0)
	for _, v := range []string{
		"Mo-Fr 09:00-16:00; PH off",
		`Mo-Fr 08:00-12:00,14:00-18:00, Sa 09:00-13:00, PH off || Tu 06:00-06:00 open "Notdienst"; ` +
			`week 01-53/2 Fr 22:00-02:00; Dec 24-26,31 off; Jun 15-Sep 15 Mo[1],Fr[-1] 10:00-14:00`,
	} {
		r := MustParse(v)
		b.Run(fmt.Sprintf("%.24q", v), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(r.Intervals(from, to, loc)) == 0 {
					b.Fatal("no intervals")
				}
			}
		})
	}
}

// openNowFixture is 10,000 parsed values of a realistic mix and 10,000
// instants spread over a year, one per value.
func openNowFixture(b *testing.B) ([]*Rules, []time.Time, *time.Location) {
	loc := helsinki(b)
	mix := []string{
		"Mo-Fr 09:00-16:00; PH off",
		"Mo,Tu,Th,Fr 12:00-15:30; PH off",
		"Mo-Fr 08:00-16:00; Sa 10:00-14:00; PH off",
		"Tu 09:00-15:00; PH off",
		"Mo-Th 08:00-16:00; Fr 08:00-14:00; PH off; Dec 24 off",
		"24/7",
		`Mo-Fr 09:00-16:00 open "by appointment"; PH off`,
		"Mo-Fr 10:00-19:00; Sa 10:00-16:00; Su,PH 12:00-16:00",
	}
	rules := make([]*Rules, 10000)
	times := make([]time.Time, 10000)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	for i := range rules {
		rules[i] = MustParse(mix[i%len(mix)])
		times[i] = start.Add(time.Duration(i)*52*time.Minute + 17*time.Minute)
	}
	return rules, times, loc
}

// BenchmarkOpenNow10000 is "which of 10,000 places are open now": one op
// evaluates StateAt for 10,000 parsed values.
func BenchmarkOpenNow10000(b *testing.B) {
	rules, times, loc := openNowFixture(b)
	open := 0
	for b.Loop() {
		open = 0
		for i, r := range rules {
			if st, _ := r.StateAt(times[i], loc); st == Open {
				open++
			}
		}
	}
	b.ReportMetric(float64(open), "open/10k")
}

// BenchmarkOpenNow10000Baseline is the floor the engine is compared with: a
// hand-written "weekday && 9 <= hour < 16" over the same instants, including
// the time zone conversion both must do.
func BenchmarkOpenNow10000Baseline(b *testing.B) {
	_, times, loc := openNowFixture(b)
	open := 0
	for b.Loop() {
		open = 0
		for _, t := range times {
			lt := t.In(loc)
			if wd := lt.Weekday(); wd != time.Saturday && wd != time.Sunday && lt.Hour() >= 9 && lt.Hour() < 16 {
				open++
			}
		}
	}
	b.ReportMetric(float64(open), "open/10k")
}

// BenchmarkOpenNow10000Ratio runs both in one benchmark so that the ratio
// comes from the same run on the same machine.
func BenchmarkOpenNow10000Ratio(b *testing.B) {
	rules, times, loc := openNowFixture(b)
	var engine, baseline time.Duration
	sink := 0
	for b.Loop() {
		t0 := time.Now()
		for i, r := range rules {
			if st, _ := r.StateAt(times[i], loc); st == Open {
				sink++
			}
		}
		t1 := time.Now()
		for _, t := range times {
			lt := t.In(loc)
			if wd := lt.Weekday(); wd != time.Saturday && wd != time.Sunday && lt.Hour() >= 9 && lt.Hour() < 16 {
				sink++
			}
		}
		engine += t1.Sub(t0)
		baseline += time.Since(t1)
	}
	if sink < 0 {
		b.Fatal(sink)
	}
	b.ReportMetric(float64(engine.Nanoseconds())/float64(b.N), "engine-ns/10k")
	b.ReportMetric(float64(baseline.Nanoseconds())/float64(b.N), "baseline-ns/10k")
	b.ReportMetric(float64(engine)/float64(baseline), "x-baseline")
}
