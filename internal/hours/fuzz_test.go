package hours

import (
	"reflect"
	"testing"
	"time"
)

// FuzzParse checks that parsing never panics and that String is a fixed
// point: a value that parses prints to a value that parses to the same
// rules, prints the same again, and evaluates to the same intervals.
func FuzzParse(f *testing.F) {
	for _, v := range []string{
		"Mo-Fr 09:00-16:00; PH off",
		"Mo-Sa 17:15-01:00, PH,Su 17:15-24:00",
		`We-Fr 10:00-24:00 open "it is open" || "please call"`,
		"week 01-53/2 Fr 00:00-24:00",
		"2013,2015,2050-2053,2055/2,2020-2029/3,2060+ Jan 01",
	} {
		f.Add(v) // more interesting values live in testdata/fuzz/FuzzParse
	}
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 12, 21, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 8)
	f.Fuzz(func(t *testing.T, value string) {
		r, err := Parse(value)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("Parse(%q) returned %T, want *SyntaxError", value, err)
			}
			return
		}
		printed := r.String()
		r2, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q does not parse: %v", value, printed, err)
		}
		if again := r2.String(); again != printed {
			t.Fatalf("String not a fixed point: %q -> %q -> %q", value, printed, again)
		}
		if !reflect.DeepEqual(r.rules, r2.rules) {
			t.Fatalf("%q and its String %q parse to different rules:\n%+v\n%+v", value, printed, r.rules, r2.rules)
		}
		a, b := r.Intervals(from, to, loc), r2.Intervals(from, to, loc)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q and %q evaluate differently:\n%v\n%v", value, printed, a, b)
		}
		for i := 1; i < len(a); i++ {
			if a[i].Start.Before(a[i-1].End) {
				t.Fatalf("%q: intervals overlap or are out of order: %v", value, a)
			}
		}
	})
}
