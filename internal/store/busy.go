package store

import (
	"context"
	"database/sql"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
)

// maxBusyDays bounds the (person or room, day) lists the cache keeps;
// past it, the cache starts again empty. The national-scale data set's
// 4,200 people and rooms over sixteen weeks are 470,000.
const maxBusyDays = 1 << 20

const daySeconds = 24 * 60 * 60

// busyCache keeps, on SQLite, the active reservations of staff members
// and rooms, by day, for searches. Reservations are most of what a search
// reads, and a search reads each one of its window's days again, while
// few change between two searches. The cache learns what changed from
// the log that the database's triggers write (migration 0012): before it
// answers, a search reads the changes committed since the last search
// read them and applies them, once per search (per catalogue snapshot),
// so that it sees every booking committed before it began, as a direct
// read would. A day not kept yet is read from the reservation index, in
// the same read transaction as the log's last number, and kept only if
// no change after that number has been applied meanwhile.
//
// The cache only speeds searches up: the write of a booking is what
// refuses an overlap, whatever a search saw. Searches that leave out an
// appointment (a move) read the index directly.
type busyCache struct {
	// tail is held by the one search reading the log; begun counts the
	// reads of the log begun, so that a search that waited while another
	// one read it need not read it again.
	tail  sync.Mutex
	begun atomic.Int64
	// followed is the number of the last read of the log that ended
	// well; tail guards it.
	followed int64

	mu sync.RWMutex
	// pos is the number of the last change applied; -1 before the log
	// was first read.
	pos  int64
	days map[busyKey][]busyEntry

	// loads counts the days read from the reservation index, for tests.
	loads atomic.Int64
}

// busyKey is a staff member's or a room's day (days since the Unix
// epoch, in UTC).
type busyKey struct {
	room bool
	id   int64
	day  int64
}

// busyEntry is one active reservation overlapping a key's day.
type busyEntry struct {
	res, start, end int64
}

func newBusyCache() *busyCache {
	return &busyCache{pos: -1, days: map[busyKey][]busyEntry{}}
}

// dayOf is the day of a Unix time.
func dayOf(unix int64) int64 { return unix / daySeconds }

// put applies one change: the reservation leaves every kept day it
// overlaps, and comes back if it is active. Applying a change twice
// leaves what applying it once does.
func (c *busyCache) put(room bool, id int64, e busyEntry, active bool) {
	for d := dayOf(e.start); d <= dayOf(e.end-1); d++ {
		k := busyKey{room, id, d}
		list, ok := c.days[k]
		if !ok {
			continue
		}
		list = slices.DeleteFunc(list, func(x busyEntry) bool { return x.res == e.res })
		if active {
			i, _ := slices.BinarySearchFunc(list, e.start, func(x busyEntry, s int64) int { return int(x.start - s) })
			list = slices.Insert(list, i, e)
		}
		c.days[k] = list
	}
}

// follow applies the changes committed since the log was last read.
func (a *Appointments) follow(ctx context.Context) error {
	c := a.db.busy
	arrived := c.begun.Load()
	c.tail.Lock()
	defer c.tail.Unlock()
	if c.followed > arrived {
		// A read of the log that began after this search did has ended
		// well: it saw everything committed before this search began.
		return nil
	}
	n := c.begun.Add(1)
	c.mu.RLock()
	pos := c.pos
	c.mu.RUnlock()
	if pos < 0 {
		// The first read: everything before now is in the index.
		last, err := lastChange(ctx, a.db.read)
		if err != nil {
			return err
		}
		c.mu.Lock()
		c.pos = last
		c.mu.Unlock()
		c.followed = n
		return nil
	}
	rows, err := a.db.read.QueryContext(ctx, `SELECT seq, reservation_id, staff_id, resource_id, starts_at, ends_at, active
		FROM reservation_change WHERE seq > $1 ORDER BY seq`, pos)
	changes, err := collect(rows, err, func(s scanner) (busyChange, error) {
		var ch busyChange
		return ch, s.Scan(&ch.seq, &ch.res, &ch.staff, &ch.room, &ch.start, &ch.end, &ch.active)
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	for _, ch := range changes {
		if ch.seq != c.pos+1 {
			// Changes were pruned before this process read them: what it
			// kept may be stale, so it starts again.
			clear(c.days)
		}
		c.pos = ch.seq
		e := busyEntry{ch.res, ch.start, ch.end}
		if ch.staff.Valid {
			c.put(false, ch.staff.Int64, e, ch.active)
		} else {
			c.put(true, ch.room.Int64, e, ch.active)
		}
	}
	c.mu.Unlock()
	c.followed = n
	return nil
}

// lastChange reads the number of the log's last change through q.
func lastChange(ctx context.Context, q execer) (seq int64, err error) {
	err = q.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM reservation_change").Scan(&seq)
	return seq, err
}

// busyChange is a row of the reservation log.
type busyChange struct {
	seq, res, start, end int64
	staff, room          sql.NullInt64
	active               bool
}

// busyCached is busy answered from the cache: the days not kept yet are
// read in one query and kept.
func (a *Appointments) busyCached(ctx context.Context, column string, ids []int64, from, to time.Time, add func(int64, hours.Interval)) error {
	c := a.db.busy
	follow := func() error { return a.follow(ctx) }
	if snap := catalogue.SnapshotOf(ctx); snap != nil {
		follow = func() error { return snap.Reservations(func() error { return a.follow(ctx) }) }
	}
	if err := follow(); err != nil {
		return err
	}
	room := column == "resource_id"
	lo, hi := from.Unix(), to.Unix()
	first, last := dayOf(lo), dayOf(hi-1)
	var missing []int64
	c.mu.RLock()
	for _, id := range ids {
		whole := true
		for d := first; d <= last && whole; d++ {
			_, whole = c.days[busyKey{room, id, d}]
		}
		if whole {
			give(c.days, room, id, first, last, lo, hi, add)
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return nil
	}
	read, err := a.readDays(ctx, column, missing, first, last)
	if err != nil {
		return err
	}
	for _, id := range missing {
		give(read, room, id, first, last, lo, hi, add)
	}
	return nil
}

// give gives add the reservations of one person or room in days that
// overlap [lo, hi), each once and in order of start. A reservation over
// midnight is in the lists of both days; it is given with the first.
func give(days map[busyKey][]busyEntry, room bool, id, first, last, lo, hi int64, add func(int64, hours.Interval)) {
	for d := first; d <= last; d++ {
		for _, e := range days[busyKey{room, id, d}] {
			if e.end <= lo || e.start >= hi || (d > first && e.start < d*daySeconds) {
				continue
			}
			add(id, interval(e.start, e.end))
		}
	}
}

// readDays reads the active reservations of ids (staff members or rooms,
// column staff_id or resource_id) overlapping the days first to last
// from the index, grouped by day, and keeps them unless a later change
// has been applied meanwhile.
func (a *Appointments) readDays(ctx context.Context, column string, ids []int64, first, last int64) (map[busyKey][]busyEntry, error) {
	c := a.db.busy
	c.loads.Add(int64(len(ids)) * (last - first + 1))
	tx, err := a.db.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// The log's last number and the reservations from one snapshot.
	seq, err := lastChange(ctx, tx)
	if err != nil {
		return nil, err
	}
	room := column == "resource_id"
	read := make(map[busyKey][]busyEntry, len(ids)*int(last-first+1))
	for _, id := range ids {
		for d := first; d <= last; d++ {
			read[busyKey{room, id, d}] = []busyEntry{}
		}
	}
	err = a.reservations(ctx, tx, column, ids, first*daySeconds, (last+1)*daySeconds, func(id, res, start, end int64) {
		for d := max(first, dayOf(start)); d <= min(last, dayOf(end-1)); d++ {
			k := busyKey{room, id, d}
			read[k] = append(read[k], busyEntry{res, start, end})
		}
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Changes up to c.pos have been applied to what is kept. A read that
	// saw fewer is already stale for some day and serves only the search
	// that made it; one that saw more gets those changes again from the
	// log's next read, which changes nothing.
	if seq >= c.pos {
		if len(c.days)+len(read) > maxBusyDays {
			clear(c.days)
		}
		for k, list := range read {
			if _, ok := c.days[k]; !ok {
				// A copy: the log's changes edit the kept lists in place.
				c.days[k] = slices.Clone(list)
			}
		}
	}
	return read, nil
}
