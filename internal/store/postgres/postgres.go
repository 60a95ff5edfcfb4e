// Package postgres is onestop's scale-out engine: PostgreSQL through pgx.
// Several onestop instances share one database; conflicts are decided by
// constraints, and serialisation failures are retried by the caller.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
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

// Open connects to the database at url (postgres://…). One pool serves
// readers and writers.
func Open(ctx context.Context, url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return db, nil
}

// Violation is the kind of constraint an error violated, if any.
type Violation int

const (
	NoViolation Violation = iota
	Unique
	ForeignKey
	Check
	NotNull
	Exclusion
	// Retry marks serialisation failures and deadlocks: the transaction
	// did nothing and may be run again.
	Retry
)

// Classify tells from its SQLSTATE which constraint, if any, err violated.
func Classify(err error) Violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return NoViolation
	}
	switch e.Code {
	case "23505":
		return Unique
	case "23503":
		return ForeignKey
	case "23514":
		return Check
	case "23502":
		return NotNull
	case "23P01":
		return Exclusion
	case "40001", "40P01":
		return Retry
	}
	return NoViolation
}

// driverName keeps the pgx database/sql driver registered by importing stdlib.
var _ = stdlib.GetDefaultDriver

// Listen takes a connection of db out of its pool, listens on channel
// and calls fn with each notification's payload until ctx ends or the
// connection fails; it returns why it stopped. ready is called once the
// LISTEN is in place.
func Listen(ctx context.Context, db *sql.DB, channel string, ready func(), fn func(payload string)) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		if _, err := c.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
			return err
		}
		// The connection goes back to the pool afterwards: stop listening.
		defer c.Exec(context.Background(), "UNLISTEN *")
		ready()
		for {
			n, err := c.WaitForNotification(ctx)
			if err != nil {
				return err
			}
			fn(n.Payload)
		}
	})
}
