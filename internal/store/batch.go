package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// maxBatch is the most write transactions one commit carries.
const maxBatch = 64

// errClosed answers writes queued when the database closes.
var errClosed = errors.New("the database is closing")

// batcher is group commit for SQLite's one writer. A write waits in a
// queue; the writer takes every write waiting when it is free and runs
// them one after another in one transaction, each inside its own
// savepoint, then commits them together: one commit and one fsync for
// the lot instead of one each. A write that fails rolls back to its
// savepoint and changes nothing; the others go on. Each write's caller
// hears only after the commit, so a write that returned nil is durable,
// as before. The writes run in the order they arrived, each seeing the
// ones before it, exactly as if they had run one by one.
//
// If the transaction itself is lost (SQLite rolls back the whole
// transaction on a few errors, among them an interrupted write when a
// caller's context ends), or the commit fails, the writes that had
// succeeded are run again, each in a transaction of its own. Writes may
// run more than once: PostgreSQL's serialisation retries already ask
// that of them.
type batcher struct {
	db    *sql.DB
	queue chan *writeRequest
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
	// commits counts the transactions committed, for tests.
	commits atomic.Int64
}

type writeRequest struct {
	ctx context.Context
	fn  func(tx *sql.Tx) error
	// alone keeps the write out of batches.
	alone  bool
	result chan error
}

// panicked carries a panic in a write back to the caller's goroutine.
type panicked struct{ value any }

func (p panicked) Error() string { return fmt.Sprintf("panic in a write transaction: %v", p.value) }

func newBatcher(db *sql.DB) *batcher {
	b := &batcher{db: db, queue: make(chan *writeRequest), stop: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

// write queues fn and waits for its outcome; alone runs it in a
// transaction of its own.
func (b *batcher) write(ctx context.Context, fn func(tx *sql.Tx) error, alone bool) error {
	r := &writeRequest{ctx: ctx, fn: fn, alone: alone, result: make(chan error, 1)}
	select {
	case b.queue <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.stop:
		return errClosed
	}
	// Once taken, the write is waited for even if ctx ends: when Write
	// returns, the write has happened or it has not, never "later".
	err := <-r.result
	if p, ok := err.(panicked); ok {
		panic(p.value)
	}
	return err
}

// close stops the writer after the batch in progress.
func (b *batcher) close() {
	b.once.Do(func() { close(b.stop) })
	<-b.done
}

func (b *batcher) run() {
	defer close(b.done)
	var next *writeRequest
	for {
		if next == nil {
			select {
			case next = <-b.queue:
			case <-b.stop:
				return
			}
		}
		batch := []*writeRequest{next}
		next = nil
	more:
		for len(batch) < maxBatch && !batch[0].alone {
			select {
			case r := <-b.queue:
				if r.alone {
					next = r // its own turn, after this batch
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		if len(batch) == 1 {
			batch[0].result <- b.alone(batch[0])
		} else {
			b.together(batch)
		}
	}
}

// alone runs one write in a transaction of its own.
func (b *batcher) alone(r *writeRequest) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	tx, err := b.db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := call(r, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	b.commits.Add(1)
	return nil
}

// together runs a batch of writes in one transaction.
func (b *batcher) together(batch []*writeRequest) {
	results := make([]error, len(batch))
	tx, err := b.db.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.result <- err
		}
		return
	}
	lost := false
	for i, r := range batch {
		if results[i] = r.ctx.Err(); results[i] != nil {
			continue
		}
		if _, err := tx.Exec("SAVEPOINT write"); err != nil {
			lost = true
			break
		}
		if results[i] = call(r, tx); results[i] == nil {
			_, err = tx.Exec("RELEASE write")
		} else if _, err = tx.Exec("ROLLBACK TO write"); err == nil {
			_, err = tx.Exec("RELEASE write")
		}
		if err != nil {
			// The transaction is gone with the earlier writes in it.
			lost = true
			break
		}
	}
	if !lost {
		lost = tx.Commit() != nil
	}
	if !lost {
		b.commits.Add(1)
	}
	tx.Rollback()
	for i, r := range batch {
		if lost && results[i] == nil {
			// It succeeded, or was not reached, before the transaction
			// was lost: its own turn now.
			r.result <- b.alone(r)
		} else {
			r.result <- results[i]
		}
	}
}

// call runs a write's function, turning a panic into an error that the
// caller's goroutine panics with again.
func call(r *writeRequest, tx *sql.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = panicked{v}
		}
	}()
	return r.fn(tx)
}
