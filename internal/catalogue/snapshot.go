package catalogue

import (
	"context"
	"sync"
)

// Snapshot is one version of the catalogue that every read made with a
// context carrying it may use, for work that only reads the catalogue:
// a slot search reads a point, its services, exceptions, staffing and
// rooms, and they should agree with each other. A store that keeps
// versions (store.DB's catalogue cache) then asks for the version once
// per snapshot instead of once per read.
//
// A store that keeps reservations in memory brings them up to date once
// per snapshot too (Reservations), so that a search sees every booking
// committed before it began, and pays for that once.
type Snapshot struct {
	once    sync.Once
	version int64
	err     error

	fresh    sync.Once
	freshErr error
}

type snapshotKey struct{}

// WithSnapshot returns ctx carrying a new snapshot, or ctx itself when
// it carries one already. Reads made with it do not see changes made
// with it afterwards: use it only where nothing writes the catalogue.
func WithSnapshot(ctx context.Context) context.Context {
	if SnapshotOf(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, snapshotKey{}, &Snapshot{})
}

// SnapshotOf returns the snapshot ctx carries, or nil.
func SnapshotOf(ctx context.Context) *Snapshot {
	s, _ := ctx.Value(snapshotKey{}).(*Snapshot)
	return s
}

// Version returns the snapshot's version, reading it with read the
// first time it is asked.
func (s *Snapshot) Version(read func() (int64, error)) (int64, error) {
	s.once.Do(func() { s.version, s.err = read() })
	return s.version, s.err
}

// Reservations runs update the first time it is asked and returns its
// error then and after.
func (s *Snapshot) Reservations(update func() error) error {
	s.fresh.Do(func() { s.freshErr = update() })
	return s.freshErr
}

// NewSnapshot returns ctx carrying a new snapshot, even when it carries
// one already: for work that must see what changed since.
func NewSnapshot(ctx context.Context) context.Context {
	return context.WithValue(ctx, snapshotKey{}, &Snapshot{})
}
