package benchdata

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/store"
)

// Bulk writing: multi-row INSERTs of batchRows rows through prepared
// statements, chunkRows appointments (with their services and
// reservations) to a write transaction.
const (
	batchRows = 500
	chunkRows = 25000
)

// timeLayout is how the store keeps creation and cancellation times.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// writer writes laid-out appointments into the database.
type writer struct {
	db  *store.DB
	net *network
	rng *rand.Rand
	// Database ids by network index.
	staff, points, rooms, services, serviceOrg []int64
	nextID                                     int64
	// now is the moment the data set is laid around, Unix seconds.
	now                                   int64
	appointments, cancelled, reservations int
}

func newWriter(ctx context.Context, db *store.DB, net *network) (*writer, error) {
	w := &writer{db: db, net: net, rng: rand.New(rand.NewPCG(uint64(len(net.cat.Staff)), 7))}
	var err error
	staffSlugs := make([]string, len(net.cat.Staff))
	for i, s := range net.cat.Staff {
		staffSlugs[i] = s.Slug
	}
	if w.staff, _, err = idsOf(ctx, db, "staff_member", staffSlugs); err != nil {
		return nil, err
	}
	pointSlugs := make([]string, len(net.cat.Points))
	for i, p := range net.cat.Points {
		pointSlugs[i] = p.Slug
	}
	if w.points, _, err = idsOf(ctx, db, "service_point", pointSlugs); err != nil {
		return nil, err
	}
	roomSlugs := make([]string, len(net.cat.Resources))
	for i, r := range net.cat.Resources {
		roomSlugs[i] = r.Slug
	}
	if w.rooms, _, err = idsOf(ctx, db, "resource", roomSlugs); err != nil {
		return nil, err
	}
	serviceSlugs := make([]string, len(net.cat.Services))
	for i, s := range net.cat.Services {
		serviceSlugs[i] = s.Slug
	}
	if w.services, w.serviceOrg, err = idsOf(ctx, db, "service", serviceSlugs); err != nil {
		return nil, err
	}
	err = db.Reader().QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) + 1 FROM appointment").Scan(&w.nextID)
	return w, err
}

// idsOf reads the ids of slugs in table, in their order, and for
// services their organisations' ids too.
func idsOf(ctx context.Context, db *store.DB, table string, slugs []string) (ids, orgs []int64, err error) {
	org := "0"
	if table == "service" {
		org = "organisation_id"
	}
	rows, err := db.Reader().QueryContext(ctx, "SELECT slug, id, "+org+" FROM "+table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	type pair struct{ id, org int64 }
	bySlug := map[string]pair{}
	for rows.Next() {
		var slug string
		var p pair
		if err := rows.Scan(&slug, &p.id, &p.org); err != nil {
			return nil, nil, err
		}
		bySlug[slug] = p
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	ids, orgs = make([]int64, len(slugs)), make([]int64, len(slugs))
	for i, s := range slugs {
		p, ok := bySlug[s]
		if !ok {
			return nil, nil, fmt.Errorf("%s %q was not stored", table, s)
		}
		ids[i], orgs[i] = p.id, p.org
	}
	return ids, orgs, nil
}

// run writes past appointments in the past and future ones in the
// future, chosen at random among those the layout has room for, and
// calls progress now and then with the number written.
func (w *writer) run(ctx context.Context, l *layout, capPast, capFuture, past, future int, progress func(int)) error {
	w.now = l.now
	pastSel, futureSel := selector{want: past, total: capPast}, selector{want: future, total: capFuture}
	var chunk []appt
	reported := 0
	for i := range l.days {
		for _, a := range l.day(i) {
			sel := &futureSel
			if a.start < l.now {
				sel = &pastSel
			}
			if !sel.take(w.rng) {
				continue
			}
			a.cancelled = w.rng.Float64() < cancelledShare
			chunk = append(chunk, a)
		}
		if len(chunk) >= chunkRows || i == len(l.days)-1 {
			if err := w.write(ctx, chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
			if w.appointments-reported >= (past+future)/10 {
				reported = w.appointments
				progress(w.appointments)
			}
		}
	}
	return nil
}

// write inserts appointments with their services and reservations in
// one transaction.
func (w *writer) write(ctx context.Context, list []appt) error {
	pg := w.db.Engine == store.Postgres
	override := ""
	if pg {
		// Ids are given so that services and reservations can refer to
		// them; PostgreSQL's identity columns take them only when told.
		override = " OVERRIDING SYSTEM VALUE"
	}
	buffer := int64(booking.Buffer / time.Second)
	id0 := w.nextID
	err := w.db.Write(ctx, func(tx *sql.Tx) error {
		apps := w.newBulk(tx, "INSERT INTO appointment (id, reference, token_hash, point_id, channel, starts_at, ends_at, organisation_id, resource_id, customer_name, customer_phone, customer_email, customer_language, created_at, cancelled_at)"+override, 15)
		id := id0
		for _, a := range list {
			var room any
			if a.room >= 0 {
				room = w.rooms[a.room]
			}
			c := w.customer()
			created := time.Unix(a.start, 0).Add(-time.Duration(1+w.rng.IntN(28*24*60)) * time.Minute)
			if created.Unix() > w.now {
				created = time.Unix(w.now, 0).Add(-time.Duration(1+w.rng.IntN(24*60)) * time.Minute)
			}
			cancelled := ""
			if a.cancelled {
				cancelled = created.Add(time.Duration(w.rng.Int64N(max(1, min(a.start, w.now)-created.Unix()))) * time.Second).UTC().Format(timeLayout)
			}
			ref := reference(id)
			sum := sha256.Sum256([]byte("benchmark:" + ref))
			if err := apps.add(ctx, id, ref, hex.EncodeToString(sum[:]), w.points[a.point], string(a.channel), a.start, a.end,
				w.serviceOrg[a.service], room, c.name, c.phone, c.email, c.language, created.UTC().Format(timeLayout), cancelled); err != nil {
				return err
			}
			id++
		}
		if err := apps.flush(ctx); err != nil {
			return err
		}
		svcs := w.newBulk(tx, "INSERT INTO appointment_service (appointment_id, service_id, staff_id, ord)", 4)
		id = id0
		for _, a := range list {
			if err := svcs.add(ctx, id, w.services[a.service], w.staff[a.staff], 0); err != nil {
				return err
			}
			id++
		}
		if err := svcs.flush(ctx); err != nil {
			return err
		}
		res := w.newBulk(tx, "INSERT INTO reservation (appointment_id, staff_id, resource_id, starts_at, ends_at, active)", 6)
		id = id0
		for _, a := range list {
			active := w.boolean(!a.cancelled)
			if err := res.add(ctx, id, w.staff[a.staff], nil, a.start, a.end+buffer, active); err != nil {
				return err
			}
			if a.room >= 0 {
				if err := res.add(ctx, id, nil, w.rooms[a.room], a.start, a.end, active); err != nil {
					return err
				}
			}
			id++
		}
		return res.flush(ctx)
	})
	if err != nil {
		return err
	}
	w.nextID += int64(len(list))
	for _, a := range list {
		w.appointments++
		w.reservations++
		if a.room >= 0 {
			w.reservations++
		}
		if a.cancelled {
			w.cancelled++
		}
	}
	return nil
}

// finish makes the database ready for use after the bulk load.
func (w *writer) finish(ctx context.Context) error {
	if w.db.Engine != store.Postgres {
		// SQLite is left as the store leaves it: nothing gathers
		// statistics for its planner in production either.
		return nil
	}
	// The identity sequence must continue after the ids given.
	err := w.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('appointment', 'id'), (SELECT MAX(id) FROM appointment))")
		return err
	})
	if err != nil {
		return err
	}
	// Autovacuum would gather statistics and set the visibility map of
	// the new rows within minutes; the benchmark measures that steady
	// state without waiting for it. VACUUM cannot run in a transaction;
	// on PostgreSQL the reader pool is the writer pool.
	_, err = w.db.Reader().ExecContext(ctx, "VACUUM ANALYZE")
	return err
}

// boolean is a truth value as the engine's active column takes it.
func (w *writer) boolean(b bool) any {
	if w.db.Engine == store.Postgres {
		return b
	}
	if b {
		return 1
	}
	return 0
}

// customerData is who an existing appointment is for: made-up people
// with phone numbers of a mobile operator's range and example.fi
// addresses, so that nothing reaches anyone real.
type customerData struct{ name, phone, email, language string }

func (w *writer) customer() customerData {
	first, last := firstNames[w.rng.IntN(len(firstNames))], surnames[w.rng.IntN(len(surnames))]
	c := customerData{name: first + " " + last, phone: fmt.Sprintf("+35840%07d", w.rng.IntN(10_000_000)), language: "fi"}
	if w.rng.IntN(10) < 4 {
		c.email = slugOf(first) + "." + slugOf(last) + "@example.fi"
	}
	switch r := w.rng.IntN(100); {
	case r < 6:
		c.language = "sv"
	case r < 11:
		c.language = "en"
	case r < 13:
		c.language = "ru"
	case r < 15:
		c.language = "ar"
	}
	return c
}

// reference is the booking reference of the appointment with id: the id
// written in the reference alphabet. References made by the booking path
// are random; these are sequential so that a million of them go into the
// unique index in order. Both are valid references.
func reference(id int64) string {
	const alphabet = "ACDEFGHJKMNPQRTUVWXY34679" // booking's reference alphabet
	var b [9]byte
	for i := 8; i >= 0; i-- {
		if i == 4 {
			b[i] = '-'
			continue
		}
		b[i] = alphabet[id%25]
		id /= 25
	}
	return string(b[:])
}

// bulk collects rows for a multi-row INSERT and runs it every batchRows
// rows through one prepared statement.
type bulk struct {
	tx *sql.Tx
	// numbered is true for $1 placeholders (PostgreSQL), false for ?
	// (SQLite, whose driver looks each numbered name up in a list, so
	// that binding 7,500 of them would take quadratic time).
	numbered bool
	head     string
	cols     int
	args     []any
	stmt     *sql.Stmt
	stmtN    int
}

func (w *writer) newBulk(tx *sql.Tx, head string, cols int) *bulk {
	return &bulk{tx: tx, numbered: w.db.Engine == store.Postgres, head: head, cols: cols, args: make([]any, 0, batchRows*cols)}
}

// add adds one row; vals are its columns' values.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) == batchRows*b.cols {
		return b.flush(ctx)
	}
	return nil
}

// flush inserts the rows collected.
func (b *bulk) flush(ctx context.Context) error {
	n := len(b.args) / b.cols
	if n == 0 {
		return nil
	}
	if b.stmt == nil || b.stmtN != n {
		if b.stmt != nil {
			b.stmt.Close()
		}
		var err error
		if b.stmt, err = b.tx.PrepareContext(ctx, b.head+" VALUES "+placeholders(n, b.cols, b.numbered)); err != nil {
			return err
		}
		b.stmtN = n
	}
	_, err := b.stmt.ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// placeholders writes ($1, $2), ($3, $4) or (?, ?), (?, ?) for rows of
// cols values.
func placeholders(rows, cols int, numbered bool) string {
	var sb strings.Builder
	k := 1
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := range cols {
			if c > 0 {
				sb.WriteString(", ")
			}
			if numbered {
				fmt.Fprintf(&sb, "$%d", k)
			} else {
				sb.WriteByte('?')
			}
			k++
		}
		sb.WriteByte(')')
	}
	return sb.String()
}
