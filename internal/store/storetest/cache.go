package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/store"
)

// TestCatalogueCache runs two instances on one database. What searches
// read about the catalogue is kept in memory, yet a change made through
// either instance is seen by both on their next read: a renamed point,
// an exception closing a day, a staff member's new schedule. Bookings
// are never cached: a time booked through one instance is gone from the
// other's search at once.
func TestCatalogueCache(t *testing.T, e Engine) {
	ctx := context.Background()
	dsn := e.DSN(t)
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	one, two := open(), open()
	if _, err := one.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := one.Catalogue().Import(ctx, Fixture()); err != nil {
		t.Fatal(err)
	}
	name := func(db *store.DB) string {
		t.Helper()
		d, err := db.Catalogue().Point(ctx, "joint-pori")
		if err != nil {
			t.Fatal(err)
		}
		return d.Name.En
	}
	// Both read (and keep) the point; then one renames it.
	before := name(two)
	if name(one) != before {
		t.Fatal("the instances disagree before any change")
	}
	d, err := one.Catalogue().Point(ctx, "joint-pori")
	if err != nil {
		t.Fatal(err)
	}
	d.Point.Name.En = "Pori service point, renamed"
	if _, err := one.Catalogue().SavePoint(ctx, d.Point); err != nil {
		t.Fatal(err)
	}
	for i, db := range []*store.DB{one, two} {
		if got := name(db); got != "Pori service point, renamed" {
			t.Errorf("instance %d after the rename: %q", i+1, got)
		}
	}
	// Reads sharing a snapshot keep the version they first saw, and ask
	// for it once; a read without one sees the change at once.
	snap := catalogue.WithSnapshot(ctx)
	if _, err := two.Catalogue().Point(snap, "joint-pori"); err != nil {
		t.Fatal(err)
	}
	d.Point.Name.En = "Pori service point, renamed again"
	if _, err := one.Catalogue().SavePoint(ctx, d.Point); err != nil {
		t.Fatal(err)
	}
	if got, err := two.Catalogue().Point(snap, "joint-pori"); err != nil || got.Name.En != "Pori service point, renamed" {
		t.Errorf("a read in a snapshot taken before the change: %q, %v", got.Name.En, err)
	}
	if got := name(two); got != "Pori service point, renamed again" {
		t.Errorf("a read without a snapshot after the change: %q", got)
	}
	// What a caller does to its copy does not reach the cache.
	d.Offerings[0].Service = "changed-by-a-caller"
	if again, _ := two.Catalogue().Point(ctx, "joint-pori"); again.Offerings[0].Service == "changed-by-a-caller" {
		t.Error("a caller's change to its copy reached the cache")
	}

	day := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC) // a Tuesday, 9.00 in Helsinki
	now := day.Add(-7 * 24 * time.Hour)
	search := func(db *store.DB) []booking.Slot {
		t.Helper()
		slots, err := booking.Search(ctx, db.Catalogue(), db.Appointments(), booking.Query{Services: []string{"benefit-guidance"},
			Point: "joint-pori", From: day, To: day.Add(8 * time.Hour), Now: now, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return slots
	}
	if err := one.Appointments().AddSchedules(ctx, []booking.Schedule{{Staff: "aino-esimerkki", Point: "joint-pori", Hours: "Mo-Fr 09:00-12:00"}}); err != nil {
		t.Fatal(err)
	}
	first := search(two)
	if len(first) == 0 {
		t.Fatal("no free time after the schedule was added through the other instance")
	}
	// A booking through one instance is gone from the other's search.
	b := bookingFor(first[0].Start, "CACHE-1")
	b.Slot = first[0]
	if _, err := one.Appointments().Book(ctx, nil, b); err != nil {
		t.Fatal(err)
	}
	for _, s := range search(two) {
		if s.Start.Equal(first[0].Start) && s.Staff[0] == first[0].Staff[0] {
			t.Errorf("the time booked through the other instance is still offered: %v", s.Start)
		}
	}
	// An exception closing the day, added through the other instance.
	if _, err := two.Catalogue().AddException(ctx, catalogue.Exception{Point: "joint-pori", FirstDay: "2026-12-01",
		LastDay: "2026-12-01", Hours: "off", Reason: text("Koulutuspäivä")}); err != nil {
		t.Fatal(err)
	}
	if got := search(one); len(got) != 0 {
		t.Errorf("%d free times on a day closed through the other instance", len(got))
	}
}
