// Package sqlite is onestop's embedded engine: SQLite through the pure-Go
// driver modernc.org/sqlite. Writes go through one connection (SQLite has
// one writer anyway; queuing in Go is fairer and faster than contending for
// the file lock), reads through a small pool of read-only connections.
package sqlite

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the numbered SQL migrations of this engine.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

// Open opens the database file at path: a writer with one connection and
// a pool of read-only readers. WAL lets readers go on while the writer
// writes; synchronous=FULL makes every acknowledged commit durable across
// a crash of the process or the machine. The writer's statement and
// savepoint journals stay in memory (temp_store): a write's savepoint is
// at most rolled back, never needed after a crash, and SQLite would
// otherwise spill it to a temporary file once it grows.
func Open(path string) (writer, reader *sql.DB, err error) {
	pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	writer = sql.OpenDB(connector{dsn: base + "&_pragma=temp_store(memory)&_txlock=immediate", driver: &sqlite.Driver{}})
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	// The first connection creates the file and switches it to WAL before
	// any reader opens it read-only.
	if err := writer.Ping(); err != nil {
		writer.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	reader = sql.OpenDB(connector{dsn: base + "&_pragma=query_only(1)", driver: &sqlite.Driver{}})
	n := max(4, 2*runtime.NumCPU())
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	return writer, reader, nil
}

// Violation is the kind of constraint an error violated, if any.
type Violation int

const (
	NoViolation Violation = iota
	Unique
	ForeignKey
	Check
	NotNull
	Busy
)

// Classify tells which constraint, if any, err violated.
func Classify(err error) Violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return NoViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return Unique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return ForeignKey
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		return Check
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return NotNull
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return Busy
	}
	return NoViolation
}
