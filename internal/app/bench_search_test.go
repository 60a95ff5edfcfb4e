package app

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/benchdata"
	"github.com/onestop-fi/onestop/internal/booking"
)

// BenchmarkSearchKept measures booking.Search alone, without HTTP, on a
// database that "onestop bench booking --keep DIR" left (the default
// sizes and seed, generated today): ONESTOP_BENCH_KEPT=DIR. Each search
// asks for the first ten free times of a random bookable offering, as a
// benchmark client does. The baseline is one indexed read on the same
// database (the catalogue's version); x-baseline is a search's time over
// it. Without ONESTOP_BENCH_KEPT it is skipped.
func BenchmarkSearchKept(b *testing.B) {
	dir := os.Getenv("ONESTOP_BENCH_KEPT")
	if dir == "" {
		b.Skip("set ONESTOP_BENCH_KEPT to a directory that bench booking --keep left")
	}
	ctx := context.Background()
	db, err := openMigrated(ctx, filepath.Join(dir, benchFile), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	targets, err := benchdata.Targets(300, 3000, 1)
	if err != nil {
		b.Fatal(err)
	}
	cat, cal := db.Catalogue(), db.Appointments()
	now := time.Now()
	search := func(t benchdata.Target) ([]booking.Slot, error) {
		return booking.Search(ctx, cat, cal, booking.Query{Services: []string{t.Service}, Point: t.Point, Channel: t.Channel,
			From: now, To: now.Add(14 * 24 * time.Hour), Now: now, Limit: slotLimit})
	}
	// Every offering once, so that the catalogue cache is as a running
	// server's.
	for _, t := range targets {
		if _, err := search(t); err != nil {
			b.Fatal(err)
		}
	}
	var baseNs float64
	b.Run("baseline", func(b *testing.B) {
		var v int64
		for b.Loop() {
			if err := db.Reader().QueryRowContext(ctx, "SELECT n FROM catalogue_version WHERE id = 1").Scan(&v); err != nil {
				b.Fatal(err)
			}
		}
		baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("search", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		slots := 0
		for b.Loop() {
			got, err := search(targets[rng.IntN(len(targets))])
			if err != nil {
				b.Fatal(err)
			}
			slots += len(got)
		}
		b.ReportMetric(float64(slots)/float64(b.N), "slots/op")
		if baseNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseNs, "x-baseline")
		}
	})
}
