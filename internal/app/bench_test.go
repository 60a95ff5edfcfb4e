package app

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestBenchBooking runs the whole booking benchmark at a tiny scale on
// SQLite and, when ONESTOP_TEST_POSTGRES is set, on PostgreSQL, and
// checks that it measured what it says: writes in the baseline, bookings
// through the API, and searches with their latency and the bars.
func TestBenchBooking(t *testing.T) {
	if testing.Short() {
		t.Skip("the benchmark runs for seconds")
	}
	small := []string{"bench", "booking", "--points", "3", "--staff", "30", "--appointments", "2000", "--clients", "4", "--duration", "1s"}
	benchOnEngines(t, small, func(t *testing.T, engine, got string) {
		for _, want := range []string{
			"bench booking on " + engine,
			"appointments 2,000 (",
			engine + ": ratio (b)/(a) = ",
			engine + ": slot search p99 = ",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("the output lacks %q", want)
			}
		}
		// Each run measured something.
		for _, row := range []string{"(a) baseline", "(b) bookings made", "(c) slot searches during (b)", "    slot searches alone"} {
			if n := countOf(t, got, row); n == 0 {
				t.Errorf("%s: nothing counted", row)
			}
		}
		if strings.Contains(got, "unexpected answers") {
			t.Error("the benchmark met answers it did not expect")
		}
	})
}

// TestBenchBookingReuse keeps a tiny benchmark's database and measures
// on it again without generating: the targets rebuilt from the sizes
// and seed are bookable there.
func TestBenchBookingReuse(t *testing.T) {
	if testing.Short() {
		t.Skip("the benchmark runs for seconds")
	}
	dir := t.TempDir()
	small := []string{"bench", "booking", "--points", "3", "--staff", "30", "--appointments", "500", "--clients", "2", "--duration", "500ms"}
	run := func(extra ...string) string {
		var out, errs strings.Builder
		if code := Run(context.Background(), append(slices.Clip(small), extra...), func(string) string { return "" }, &out, &errs); code != 0 {
			t.Fatalf("%v: exit %d: %s\n%s", extra, code, errs.String(), out.String())
		}
		return out.String()
	}
	run("--keep", dir)
	got := run("--reuse", dir)
	if strings.Contains(got, "generating") || !strings.Contains(got, "the kept file "+filepath.Join(dir, benchFile)) {
		t.Errorf("the reused run generated a data set or did not say where it ran:\n%s", got)
	}
	if n := countOf(t, got, "(b) bookings made"); n == 0 {
		t.Errorf("no booking on the kept database:\n%s", got)
	}
	if strings.Contains(got, "unexpected answers") {
		t.Errorf("the reused run met answers it did not expect:\n%s", got)
	}
	var out, errs strings.Builder
	if code := Run(context.Background(), append(slices.Clip(small), "--reuse", dir, "--keep", dir), func(string) string { return "" }, &out, &errs); code == 0 {
		t.Error("--reuse with --keep was accepted")
	}
}

// benchOnEngines runs the benchmark command args on SQLite and, when
// ONESTOP_TEST_POSTGRES is set (as CI must), on PostgreSQL, and hands
// check each engine's output.
func benchOnEngines(t *testing.T, args []string, check func(t *testing.T, engine, out string)) {
	t.Helper()
	engines := map[string][]string{"sqlite": args}
	if pg := os.Getenv("ONESTOP_TEST_POSTGRES"); pg != "" {
		engines["postgres"] = append(slices.Clip(args), "--postgres", pg)
	} else if os.Getenv("CI") != "" {
		t.Fatal("ONESTOP_TEST_POSTGRES is not set: CI must run the PostgreSQL tests")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		args, ok := engines[engine]
		if !ok {
			continue
		}
		t.Run(engine, func(t *testing.T) {
			var out, errs strings.Builder
			if code := Run(context.Background(), args, func(string) string { return "" }, &out, &errs); code != 0 {
				t.Fatalf("exit %d: %s\n%s", code, errs.String(), out.String())
			}
			t.Log("\n" + out.String())
			check(t, engine, out.String())
		})
	}
}

// TestBenchQueue runs the queue benchmark at a tiny scale on SQLite and,
// when ONESTOP_TEST_POSTGRES is set, on PostgreSQL, and checks that it
// measured what it says: writes in the baseline, tickets through the
// API, calls, and every call's arrival at every display and follower.
func TestBenchQueue(t *testing.T) {
	if testing.Short() {
		t.Skip("the benchmark runs for seconds")
	}
	small := []string{"bench", "queue", "--displays", "20", "--followers", "10", "--rate", "5", "--clients", "2", "--duration", "1s"}
	benchOnEngines(t, small, func(t *testing.T, engine, got string) {
		for _, want := range []string{
			"bench queue on " + engine,
			"20 displays and 10 customers following tickets",
			"30 clients connected",
			"memory with them connected:  heap in use ",
			engine + ": tickets (b)/(a) = ",
			engine + ": queue: call → all 20 displays p99 = ",
			engine + ": queue: call → 30 clients p99 = ",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("the output lacks %q", want)
			}
		}
		for _, row := range []string{"(a) baseline", "(b) tickets issued", "(c) calls", "    finishes",
			"    call → all displays", "    call → a follower's new place"} {
			if n := countOf(t, got, row); n == 0 {
				t.Errorf("%s: nothing counted", row)
			}
		}
		// Every call reached every display.
		calls := countOf(t, got, "(c) calls")
		if n := countOf(t, got, "    call → a display"); n != 20*calls {
			t.Errorf("%d (call, display) pairs for %d calls and 20 displays", n, calls)
		}
		for _, bad := range []string{"unexpected answers", "never arrived", "could not follow"} {
			if strings.Contains(got, bad) {
				t.Errorf("the output says %q", bad)
			}
		}
	})
}

func TestBenchUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"bench"}, "onestop bench booking"},
		{[]string{"bench", "walk"}, "onestop bench queue"},
		{[]string{"bench", "booking", "--db", "mysql://x"}, "neither sqlite nor a postgres"},
		{[]string{"bench", "booking", "--clients", "0"}, "must be positive"},
		{[]string{"bench", "booking", "--db", "sqlite", "--postgres", "postgres://x/y"}, "not both"},
		{[]string{"bench", "queue", "--db", "mysql://x"}, "neither sqlite nor a postgres"},
		{[]string{"bench", "queue", "--db", "sqlite", "--postgres", "postgres://x/y"}, "not both"},
		{[]string{"bench", "queue", "--displays", "0"}, "--displays must be positive"},
		{[]string{"bench", "queue", "--rate", "0"}, "must be positive"},
		{[]string{"bench", "queue", "--queues", "27"}, "--queues must be 1 to 26"},
		{[]string{"bench", "queue", "--end", "served"}, "neither finish nor noshow"},
	}
	// The environment names a server that is never reached: every case
	// fails before connecting, and an explicit --db wins over it.
	env := func(name string) string {
		if name == "ONESTOP_BENCH_POSTGRES" {
			return "postgres://nobody@127.0.0.1:1/none"
		}
		return ""
	}
	for _, tc := range cases {
		var out, errs strings.Builder
		if code := Run(context.Background(), tc.args, env, &out, &errs); code != 2 || !strings.Contains(errs.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errs.String(), tc.want)
		}
	}
}

// countOf reads the count column of the row that starts with name.
func countOf(t *testing.T, out, name string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `.*?\s([0-9,]+)\s+[0-9.]+\s`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no row %q", name)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n
}
