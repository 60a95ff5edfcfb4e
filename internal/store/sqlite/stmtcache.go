package sqlite

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// cacheSize is how many prepared statements each connection keeps. The
// store's queries are a few hundred texts at most (the IN lists vary
// with the number of services); the least recently used is closed when
// a new one needs the room.
const cacheSize = 256

// connector opens connections that keep their prepared statements.
// SQLite parses and plans a statement on every prepare; the store runs
// the same texts over and over, so each connection prepares a text once
// and then only binds and steps it. Parsing was a fifth of the CPU time
// of the booking benchmark before.
type connector struct {
	dsn    string
	driver *sqlite.Driver
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	inner, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return newCachingConn(inner)
}

func (c connector) Driver() driver.Driver { return c.driver }

// innerConn is what a modernc.org/sqlite connection offers.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.SessionResetter
	driver.Validator
	driver.Pinger
}

// cachingConn is a connection with a cache of prepared statements by
// their text. database/sql uses a connection from one goroutine at a
// time, so the cache needs no lock; a statement whose rows are still
// open (a query nested in another of the same text) is not reused
// until they close: the nested query prepares its own.
type cachingConn struct {
	innerConn
	lru   *list.List // of *cached, most recently used first
	byKey map[string]*list.Element
}

type cached struct {
	query string
	stmt  driver.Stmt
	busy  bool
}

func newCachingConn(c driver.Conn) (driver.Conn, error) {
	inner, ok := c.(innerConn)
	if !ok {
		c.Close()
		return nil, errors.New("sqlite: the driver's connection lacks a context method")
	}
	return &cachingConn{innerConn: inner, lru: list.New(), byKey: map[string]*list.Element{}}, nil
}

// statement returns the cached statement of query, preparing it if
// needed; nil when it is in use.
func (c *cachingConn) statement(ctx context.Context, query string) (*cached, error) {
	if e, ok := c.byKey[query]; ok {
		st := e.Value.(*cached)
		if st.busy {
			return nil, nil
		}
		c.lru.MoveToFront(e)
		return st, nil
	}
	s, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st := &cached{query: query, stmt: s}
	c.byKey[query] = c.lru.PushFront(st)
	c.evict()
	return st, nil
}

// evict closes the least recently used statements beyond the cache's
// size that are not in use.
func (c *cachingConn) evict() {
	for e := c.lru.Back(); e != nil && c.lru.Len() > cacheSize; {
		prev := e.Prev()
		if st := e.Value.(*cached); !st.busy {
			st.stmt.Close()
			c.lru.Remove(e)
			delete(c.byKey, st.query)
		}
		e = prev
	}
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	st, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	return st.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := st.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	st.busy = true
	return &cachedRows{Rows: rows, st: st}, nil
}

// Close closes the cached statements, then the connection.
func (c *cachingConn) Close() error {
	var err error
	for e := c.lru.Front(); e != nil; e = e.Next() {
		err = errors.Join(err, e.Value.(*cached).stmt.Close())
	}
	c.lru.Init()
	clear(c.byKey)
	return errors.Join(err, c.innerConn.Close())
}

// cachedRows gives its statement back to the cache when closed.
type cachedRows struct {
	driver.Rows
	st *cached
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.st.busy = false
	return err
}
