package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestGroupCommit runs many writes at once on SQLite, so that they share
// commits: the ones that fail leave nothing and the others are all kept,
// a write sees the ones before it, a panic reaches its own caller, and
// a caller whose context ends in the middle of its write loses only its
// own write.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "batch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "CREATE TABLE w (v INTEGER NOT NULL UNIQUE)")
		return err
	}); err != nil {
		t.Fatal(err)
	}

	// 400 writers; every fifth inserts a value twice and fails on the
	// second insert, after the first succeeded inside its savepoint.
	commits := db.batch.commits.Load()
	var wg sync.WaitGroup
	errs := make([]error, 400)
	for i := range 400 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Write(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "INSERT INTO w (v) VALUES ($1)", i); err != nil {
					return err
				}
				if i%5 == 0 {
					_, err := tx.ExecContext(ctx, "INSERT INTO w (v) VALUES ($1)", i)
					return err
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if i%5 == 0 && err == nil {
			t.Errorf("write %d inserted a value twice and succeeded", i)
		}
		if i%5 != 0 && err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if c := db.batch.commits.Load() - commits; c >= 320 {
		t.Errorf("320 writes took %d commits; want them to share", c)
	} else {
		t.Logf("320 writes in %d commits", c)
	}
	var n, bad int
	db.Reader().QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(v % 5 = 0), 0) FROM w").Scan(&n, &bad)
	if n != 320 || bad != 0 {
		t.Errorf("%d rows kept, %d of failed writes; want 320 and 0", n, bad)
	}

	// A panic in a write reaches its caller, and the writer goes on.
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v; want the write's panic", v)
			}
		}()
		db.Write(ctx, func(tx *sql.Tx) error { panic("boom") })
	}()

	// Writes that share a batch with one whose context ends while it
	// writes are kept, even if SQLite rolls the transaction back.
	start := make(chan struct{})
	var kept []int
	var mu sync.Mutex
	for round := range 5 {
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				v := 10_000 + round*100 + i
				wctx, cancel := context.WithCancel(ctx)
				defer cancel()
				err := db.Write(wctx, func(tx *sql.Tx) error {
					if i == 7 {
						cancel()
						// A write statement under an ended context is
						// interrupted.
						_, err := tx.ExecContext(wctx, "INSERT INTO w (v) SELECT v + 1000000 FROM w")
						if err == nil {
							return errors.New("the write ran under an ended context")
						}
						return err
					}
					_, err := tx.ExecContext(ctx, "INSERT INTO w (v) VALUES ($1)", v)
					return err
				})
				if i != 7 && err != nil {
					t.Errorf("round %d write %d: %v", round, i, err)
				}
				if i != 7 && err == nil {
					mu.Lock()
					kept = append(kept, v)
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		start = make(chan struct{})
	}
	for _, v := range kept {
		var got int
		if err := db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM w WHERE v = $1", v).Scan(&got); err != nil || got != 1 {
			t.Errorf("value %d reported written: found %d, %v", v, got, err)
		}
	}
	if len(kept) != 5*19 {
		t.Errorf("%d writes kept; want %d", len(kept), 5*19)
	}
	var big int
	db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM w WHERE v >= 1000000").Scan(&big)
	if big != 0 {
		t.Errorf("%d rows of interrupted writes kept", big)
	}

	// Closing answers what is still waiting, and later writes, with an
	// error rather than hanging.
	db2, err := Open(ctx, filepath.Join(t.TempDir(), "closing.db"))
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	done := make(chan error, 1)
	go func() { done <- db2.Write(ctx, func(tx *sql.Tx) error { return nil }) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a write after closing succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a write after closing hangs")
	}
}
