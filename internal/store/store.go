// Package store opens onestop's database on one of its two engines —
// embedded SQLite (the default) or PostgreSQL (for scale-out) — applies the
// engine's migrations, runs transactions and translates driver errors into
// the domain's error kinds. The catalogue's queries are written once in
// SQL both engines understand; what differs per engine (schema, driver
// error codes, connection handling) lives in the sqlite and postgres
// packages.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/store/postgres"
	"github.com/onestop-fi/onestop/internal/store/sqlite"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open onestop database.
type DB struct {
	Engine Engine
	// write takes every write transaction; on SQLite it has exactly one
	// connection so that writers queue in Go instead of on the file lock.
	write *sql.DB
	// read serves reads; on SQLite a pool of read-only connections, on
	// PostgreSQL the same pool as write.
	read       *sql.DB
	migrations fs.FS
	// batch is group commit for SQLite's writer; nil on PostgreSQL.
	batch *batcher
	// busy keeps reservations for searches on SQLite; nil on PostgreSQL.
	busy *busyCache
	// cache keeps catalogue reads while the catalogue's version stands.
	cache catalogueCache
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// selects PostgreSQL, anything else is the path of a SQLite file (created
// if missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errs.Invalidf("No database given: name a SQLite file or a postgres:// URL.")
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return &DB{Engine: Postgres, write: pool, read: pool, migrations: postgres.Migrations(), Now: time.Now}, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	w, r, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	return &DB{Engine: SQLite, write: w, read: r, batch: newBatcher(w), busy: newBusyCache(), migrations: sqlite.Migrations(), Now: time.Now}, nil
}

// Close closes the database after in-flight statements finish.
func (db *DB) Close() error {
	if db.batch != nil {
		db.batch.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Reader returns the pool for queries outside a write transaction.
func (db *DB) Reader() *sql.DB { return db.read }

// Tx is a database transaction.
type Tx = *sql.Tx

// maxRetries bounds how often a PostgreSQL transaction that failed with a
// serialisation failure or deadlock is run again.
const maxRetries = 5

// Write runs fn in a write transaction and commits it if fn returns nil;
// fn may run more than once, so it must not act outside the transaction.
// On SQLite the transaction begins IMMEDIATE on the single writer
// connection, so a conflict check and the insert it guards cannot be
// separated by another writer; writes waiting together share one commit
// (see batcher), each in a savepoint of its own. On PostgreSQL a
// serialisation failure or deadlock runs fn again, a bounded number of
// times. Driver errors that fn returns unwrapped are translated into
// domain error kinds.
func (db *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.batch != nil {
		return db.Translate(db.batch.write(ctx, fn, false))
	}
	for attempt := 0; ; attempt++ {
		err := db.writeOnce(ctx, fn)
		if err == nil {
			return nil
		}
		if db.Engine == Postgres && postgres.Classify(err) == postgres.Retry && attempt < maxRetries {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
			}
			continue
		}
		return db.Translate(err)
	}
}

// WriteAlone is Write without sharing a commit: fn runs in a
// transaction of its own. It measures what one write transaction costs
// on this machine (the booking benchmark's baseline).
func (db *DB) WriteAlone(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.batch != nil {
		return db.Translate(db.batch.write(ctx, fn, true))
	}
	return db.Write(ctx, fn)
}

func (db *DB) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Translate turns a driver error into a domain error: constraint violations
// become conflicts or invalid input with a generic but true sentence.
// Callers that know better (which slug clashed) translate first.
func (db *DB) Translate(err error) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	switch db.Violation(err) {
	case Unique, Exclusion:
		return &errs.Error{Kind: errs.Conflict, Message: "That exists already or the time is taken.", Err: err}
	case ForeignKey:
		return &errs.Error{Kind: errs.Invalid, Message: "That refers to something that does not exist.", Err: err}
	case Check, NotNull:
		return &errs.Error{Kind: errs.Invalid, Message: "A value is outside what is allowed.", Err: err}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &errs.Error{Kind: errs.NotFound, Message: "Not found.", Err: err}
	}
	return err
}

// Violation is an engine-independent kind of constraint violation.
type Violation int

const (
	NoViolation Violation = iota
	Unique
	ForeignKey
	Check
	NotNull
	Exclusion
)

// Violation tells which kind of constraint err violated, if any.
func (db *DB) Violation(err error) Violation {
	if db.Engine == Postgres {
		switch postgres.Classify(err) {
		case postgres.Unique:
			return Unique
		case postgres.ForeignKey:
			return ForeignKey
		case postgres.Check:
			return Check
		case postgres.NotNull:
			return NotNull
		case postgres.Exclusion:
			return Exclusion
		}
		return NoViolation
	}
	switch sqlite.Classify(err) {
	case sqlite.Unique:
		return Unique
	case sqlite.ForeignKey:
		return ForeignKey
	case sqlite.Check:
		return Check
	case sqlite.NotNull:
		return NotNull
	}
	return NoViolation
}

// String describes the database for logs without credentials.
func (db *DB) String() string { return fmt.Sprintf("%s database", db.Engine) }
