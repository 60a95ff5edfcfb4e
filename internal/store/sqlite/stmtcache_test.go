package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	w, r, err := Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := w.ExecContext(ctx, "CREATE TABLE n (v INTEGER NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := w.ExecContext(ctx, "INSERT INTO n (v) VALUES ($1)", i); err != nil {
			t.Fatal(err)
		}
	}

	// The same text nested in its own open rows, in one transaction on
	// the one writer connection: the inner query must not reset the
	// outer one's statement.
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const q = "SELECT v FROM n WHERE v >= $1 ORDER BY v"
	outer, err := tx.QueryContext(ctx, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var v int
		if err := outer.Scan(&v); err != nil {
			t.Fatal(err)
		}
		var inner int
		if err := tx.QueryRowContext(ctx, q, v).Scan(&inner); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%d", v, inner))
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[0:0 1:1 2:2 3:3 4:4]" {
		t.Errorf("nested queries of one text = %v", got)
	}

	// More texts than the cache keeps: the oldest are closed and the
	// answers stay right, and again when the evicted texts come back.
	for round := range 2 {
		for i := range cacheSize + 20 {
			var v int
			if err := r.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) + %d FROM n WHERE v < $1", i), 3).Scan(&v); err != nil {
				t.Fatal(err)
			}
			if v != 3+i {
				t.Fatalf("round %d, text %d: %d, want %d", round, i, v, 3+i)
			}
		}
	}

	// A statement that fails is not kept, and the next one works.
	if _, err := w.ExecContext(ctx, "INSERT INTO n (v) VALUES ($1)", nil); err == nil {
		t.Error("a NULL into a NOT NULL column was accepted")
	}
	if _, err := w.ExecContext(ctx, "INSERT INTO n (v) VALUES ($1)", 9); err != nil {
		t.Errorf("after a failed insert: %v", err)
	}
	// A cached statement sees a changed schema.
	if err := w.QueryRowContext(ctx, "SELECT * FROM n WHERE v = $1", 9).Scan(new(int)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(ctx, "ALTER TABLE n ADD COLUMN w INTEGER NOT NULL DEFAULT 7"); err != nil {
		t.Fatal(err)
	}
	var wv int
	if err := w.QueryRowContext(ctx, "SELECT * FROM n WHERE v = $1", 9).Scan(new(int), &wv); err != nil || wv != 7 {
		t.Errorf("after ALTER TABLE: w = %d, %v", wv, err)
	}
}
