package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Migration is one numbered schema change of an engine.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the engine's migrations in version order. Files are
// named NNNN_name.sql; a gap or a duplicate number is a programming error.
func (db *DB) Migrations() ([]Migration, error) {
	names, err := fs.Glob(db.migrations, "*.sql")
	if err != nil {
		return nil, err
	}
	var list []Migration
	for _, name := range names {
		num, rest, ok := strings.Cut(strings.TrimSuffix(path.Base(name), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", name)
		}
		body, err := fs.ReadFile(db.migrations, name)
		if err != nil {
			return nil, err
		}
		list = append(list, Migration{Version: v, Name: rest, SQL: string(body)})
	}
	slices.SortFunc(list, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range list {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: expected version %d", m.Version, m.Name, i+1)
		}
	}
	return list, nil
}

// SchemaTooNewError says the database was migrated by a newer onestop.
type SchemaTooNewError struct{ Database, Known int }

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("the database schema is at version %d but this onestop knows only up to %d: run a newer onestop", e.Database, e.Known)
}

// Migrate applies the migrations the database lacks, each in its own
// transaction together with its record in schema_migrations, and returns
// the versions applied. It refuses a database whose schema is newer than
// this program knows. On PostgreSQL an advisory lock lets several
// instances start at once.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	list, err := db.Migrations()
	if err != nil {
		return nil, err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if current > len(list) {
		return nil, &SchemaTooNewError{Database: current, Known: len(list)}
	}
	var applied []int
	for _, m := range list[current:] {
		did, err := db.apply(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if did {
			applied = append(applied, m.Version)
		}
	}
	return applied, nil
}

func (db *DB) apply(ctx context.Context, m Migration) (bool, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if db.Engine == Postgres {
		// Serialise migrations across instances; the lock ends with the
		// transaction. 0x6f6e6573 spells "ones".
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(1869505907)"); err != nil {
			return false, err
		}
	}
	var exists int
	err = tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1", m.Version).Scan(&exists)
	if err != nil {
		return false, err
	}
	if exists > 0 {
		return false, nil // another instance applied it while we waited
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		m.Version, m.Name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// SchemaVersion returns the highest migration applied, 0 for none.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.write.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// CheckSchema returns an error unless the database has exactly the
// migrations this program knows.
func (db *DB) CheckSchema(ctx context.Context) error {
	list, err := db.Migrations()
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch {
	case v > len(list):
		return &SchemaTooNewError{Database: v, Known: len(list)}
	case v < len(list):
		return fmt.Errorf("the database schema is at version %d, this onestop needs %d: run onestop migrate", v, len(list))
	}
	return nil
}
