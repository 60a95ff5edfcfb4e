package store

import (
	"context"
	"sync"

	"github.com/onestop-fi/onestop/internal/catalogue"
)

// catalogueCache keeps what searches read about the catalogue — points,
// services, exceptions, staffing, rooms — under the catalogue's version
// (migration 0009): a number that every change to those tables moves on
// in the same transaction. Each read asks the version first, a
// single-row lookup (a search asks once for all its reads: see
// catalogue.WithSnapshot); while it stands, the rest comes from memory,
// and when it has moved the cache starts over. Instances sharing one
// database see each other's changes on their next read, as they would
// without the cache. Bookings do not move the version: reservations are
// always read from the database.
type catalogueCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
}

// maxCached bounds the entries kept; past it the cache starts over. A
// national network's searches fill a few thousand.
const maxCached = 50_000

// catalogueVersion reads the catalogue's version, once per snapshot when
// ctx carries one (catalogue.WithSnapshot).
func (db *DB) catalogueVersion(ctx context.Context) (int64, error) {
	read := func() (int64, error) {
		var v int64
		err := db.read.QueryRowContext(ctx, "SELECT n FROM catalogue_version WHERE id = 1").Scan(&v)
		return v, err
	}
	if s := catalogue.SnapshotOf(ctx); s != nil {
		return s.Version(read)
	}
	return read()
}

// cached returns the value of key as the catalogue's current version
// has it: from the cache, or from load, whose result is then kept.
// Errors are not kept. What load returns is shared by every caller
// until the version moves: callers must not change it, or must copy it.
func cached[T any](ctx context.Context, db *DB, key string, load func() (T, error)) (T, error) {
	v, err := db.catalogueVersion(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	c := &db.cache
	c.mu.Lock()
	if v > c.version || c.entries == nil {
		c.version, c.entries = v, map[string]any{}
	}
	if x, ok := c.entries[key]; ok && v == c.version {
		c.mu.Unlock()
		return x.(T), nil
	}
	c.mu.Unlock()
	x, err := load()
	if err != nil {
		return x, err
	}
	c.mu.Lock()
	// A reader that saw an older version than the cache's (it began
	// before another saw the change) keeps nothing.
	if v == c.version {
		if len(c.entries) >= maxCached {
			clear(c.entries)
		}
		c.entries[key] = x
	}
	c.mu.Unlock()
	return x, nil
}
