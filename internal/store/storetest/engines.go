// Package storetest opens fresh test databases on each engine and holds
// the conformance suite both engines must pass.
//
// SQLite runs always. PostgreSQL runs when ONESTOP_TEST_POSTGRES holds a
// connection URL: each test gets a database of its own, created for it and
// dropped afterwards. Under CI (CI set) a missing or unreachable PostgreSQL
// fails the test instead of skipping it, so that CI cannot pass without
// having run the PostgreSQL tests.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver

	"github.com/onestop-fi/onestop/internal/store"
)

// Engine opens a fresh, migrated database on one engine.
type Engine struct {
	Name string
	// DSN returns the address of a fresh empty database, removed when the
	// test ends.
	DSN func(t testing.TB) string
}

// Open opens and migrates a fresh database of the engine.
func (e Engine) Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), e.DSN(t))
	if err != nil {
		t.Fatalf("open %s: %v", e.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", e.Name, err)
	}
	return db
}

// SQLite is the embedded engine, on a file in the test's temp dir.
var SQLite = Engine{Name: "sqlite", DSN: func(t testing.TB) string {
	return filepath.Join(t.TempDir(), "onestop.db")
}}

// Postgres is the PostgreSQL engine, on a database made for the test.
var Postgres = Engine{Name: "postgres", DSN: PostgresDSN}

// Engines returns the engines to test on: SQLite always, PostgreSQL when
// configured (and required under CI).
func Engines(t testing.TB) []Engine {
	if os.Getenv("ONESTOP_TEST_POSTGRES") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ONESTOP_TEST_POSTGRES is not set: CI must run the PostgreSQL tests")
		}
		return []Engine{SQLite}
	}
	return []Engine{SQLite, Postgres}
}

// Run runs fn as a subtest on every engine.
func Run(t *testing.T, fn func(t *testing.T, e Engine)) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, e) })
	}
}

// PostgresDSN creates an empty database on the server named by
// ONESTOP_TEST_POSTGRES and returns its URL; the database is dropped when
// the test ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("ONESTOP_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ONESTOP_TEST_POSTGRES is not set: CI must run the PostgreSQL tests")
		}
		t.Skip("ONESTOP_TEST_POSTGRES is not set")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("ONESTOP_TEST_POSTGRES: %v", err)
	}
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer conn.Close()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "onestop_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database on %s: %v", u.Host, err)
	}
	t.Cleanup(func() {
		c, err := sql.Open("pgx", admin)
		if err != nil {
			t.Errorf("drop test database: %v", err)
			return
		}
		defer c.Close()
		if _, err := c.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
