package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/demo"
)

// TestBookingResolvesAgainAfterACatalogueChange books with ids resolved
// at an older catalogue version, as when the catalogue changes between a
// booking's lookups and its write: the write must notice and resolve
// them again, not write the stale ones.
func TestBookingResolvesAgainAfterACatalogueChange(t *testing.T) {
	ctx := context.Background()
	db := demoDB(t)
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC) // 10.00 in Helsinki, a Tuesday
	b := booking.Booking{Reference: "IDS-1", TokenHash: "hash-IDS-1", Buffer: booking.Buffer,
		Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute), Point: "palojoenkulma", Channel: booking.InPerson,
			Services: []string{"kela-benefit-guidance"}, Staff: []string{"heli-harjoitus"}, Room: "palojoenkulma-advisory-room-01"},
		Customer: booking.Customer{Name: "Asiakas"}}
	a := db.Appointments()
	ids, version, err := a.cachedSlotIDs(ctx, b.Slot)
	if err != nil {
		t.Fatal(err)
	}
	// Stale ids: another room and person, and another organisation.
	stale := ids
	stale.room.Int64, stale.staff = ids.room.Int64+1, []int64{ids.staff[0] + 1}
	stale.org, stale.orgSlug = ids.org+1, "not-kela"
	// The catalogue moves on.
	if _, err := db.Catalogue().AddException(ctx, catalogue.Exception{Point: "palojoenkulma", FirstDay: "2027-01-05",
		LastDay: "2027-01-05", Hours: "off", Reason: catalogue.Text{Fi: "Koulutus", Sv: "Utbildning", En: "Training"}}); err != nil {
		t.Fatal(err)
	}
	ap, err := a.bookWith(ctx, nil, b, stale, version)
	if err != nil {
		t.Fatal(err)
	}
	if ap.Organisation != "kela" {
		t.Errorf("the booking names organisation %q, want kela", ap.Organisation)
	}
	var room, staff, org int64
	if err := db.Reader().QueryRowContext(ctx, `SELECT a.resource_id, s.staff_id, a.organisation_id FROM appointment a
		JOIN appointment_service s ON s.appointment_id = a.id WHERE a.reference = 'IDS-1'`).Scan(&room, &staff, &org); err != nil {
		t.Fatal(err)
	}
	if room != ids.room.Int64 || staff != ids.staff[0] || org != ids.org {
		t.Errorf("written room %d, staff %d, organisation %d; want %d, %d, %d", room, staff, org, ids.room.Int64, ids.staff[0], ids.org)
	}
	// At the same version, the cached ids are the ones written.
	b.Reference, b.TokenHash = "IDS-2", "hash-IDS-2"
	b.Slot.Start, b.Slot.End = start.Add(time.Hour), start.Add(90*time.Minute)
	ids, version, err = a.cachedSlotIDs(ctx, b.Slot)
	if err != nil {
		t.Fatal(err)
	}
	if ap, err := a.bookWith(ctx, nil, b, ids, version); err != nil || ap.Organisation != "kela" {
		t.Errorf("booking at the cached version = %+v, %v", ap, err)
	}
}

// demoDB opens a new SQLite database with the demo centres, closed when
// the test ends.
func demoDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	return db
}
