package store

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store/postgres"
)

var _ queue.Store = (*Queues)(nil)

// Queues keeps the walk-in queues: queues and desks, tickets, desk
// sessions and the visit record. Every change runs in one transaction
// that also moves the point's board version on and, on PostgreSQL, sends
// the point's slug on the queueChannel at commit; after the commit the
// local listener hears of it too.
type Queues struct {
	db       *DB
	onChange func(point string)
}

// queueChannel is the PostgreSQL notification channel of queue changes.
const queueChannel = "onestop_queue"

// Queues returns the queue store; onChange (may be nil) hears the slug of
// each point whose queues changed, after the commit.
func (db *DB) Queues(onChange func(point string)) *Queues {
	if onChange == nil {
		onChange = func(string) {}
	}
	return &Queues{db: db, onChange: onChange}
}

// ms turns a time into the milliseconds the queue tables keep.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMs turns stored milliseconds back into a time; nil for NULL.
func fromMs(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMilli(v.Int64).UTC()
	return &t
}

// write runs fn in a write transaction and, once it has committed, tells
// the listener about the point fn names.
func (q *Queues) write(ctx context.Context, fn func(tx *sql.Tx) (point string, err error)) error {
	var point string
	err := q.db.Write(ctx, func(tx *sql.Tx) error {
		p, err := fn(tx)
		point = p
		return err
	})
	if err == nil && point != "" {
		q.onChange(point)
	}
	return err
}

// changed moves the point's board version on and, on PostgreSQL, queues
// the notification that the commit sends to every instance.
func (q *Queues) changed(ctx context.Context, tx *sql.Tx, pointID int64, slug string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO queue_board (point_id, version) VALUES ($1, 1)
		ON CONFLICT (point_id) DO UPDATE SET version = queue_board.version + 1`, pointID); err != nil {
		return err
	}
	if q.db.Engine == Postgres {
		_, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", queueChannel, slug)
		return err
	}
	return nil
}

// pointOf reads a point's id and time zone.
func pointOf(ctx context.Context, tx execer, slug string) (id int64, loc *time.Location, err error) {
	var zone string
	err = tx.QueryRowContext(ctx, "SELECT id, time_zone FROM service_point WHERE slug = $1", slug).Scan(&id, &zone)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, errs.NotFoundf("There is no service point %q.", slug)
	}
	if err != nil {
		return 0, nil, err
	}
	loc, err = hours.Zone(zone)
	return id, loc, err
}

// PutQueue adds a queue to a point or changes it, with its services,
// which must be offered at the point.
func (q *Queues) PutQueue(ctx context.Context, in queue.Queue) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return q.write(ctx, func(tx *sql.Tx) (string, error) {
		point, _, err := pointOf(ctx, tx, in.Point)
		if err != nil {
			return "", err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO queue (point_id, slug, prefix, name_fi, name_sv, name_en) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (point_id, slug) DO UPDATE SET prefix = excluded.prefix, name_fi = excluded.name_fi,
				name_sv = excluded.name_sv, name_en = excluded.name_en RETURNING id`,
			point, in.Slug, in.Prefix, in.Name.Fi, in.Name.Sv, in.Name.En).Scan(&id)
		if q.db.Violation(err) == Unique {
			return "", errs.Conflictf("Another queue at %s already has the letter %s.", in.Point, in.Prefix)
		}
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM queue_service WHERE queue_id = $1", id); err != nil {
			return "", err
		}
		for _, s := range in.Services {
			var sid int64
			err := tx.QueryRowContext(ctx, `SELECT s.id FROM service s JOIN offering o ON o.service_id = s.id
				WHERE s.slug = $1 AND o.point_id = $2`, s, point).Scan(&sid)
			if errors.Is(err, sql.ErrNoRows) {
				return "", errs.Param("services", "The service %q is not given at %s.", s, in.Point)
			}
			if err != nil {
				return "", err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO queue_service (queue_id, service_id) VALUES ($1, $2)", id, sid); err != nil {
				return "", err
			}
		}
		return in.Point, q.changed(ctx, tx, point, in.Point)
	})
}

// PutDesk adds a desk to a point or renames it.
func (q *Queues) PutDesk(ctx context.Context, d queue.Desk) (queue.Desk, error) {
	if err := d.Validate(); err != nil {
		return d, err
	}
	err := q.write(ctx, func(tx *sql.Tx) (string, error) {
		point, _, err := pointOf(ctx, tx, d.Point)
		if err != nil {
			return "", err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO desk (point_id, slug, name) VALUES ($1, $2, $3)
			ON CONFLICT (point_id, slug) DO UPDATE SET name = excluded.name RETURNING id`, point, d.Slug, d.Name).Scan(&d.ID)
		if err != nil {
			return "", err
		}
		return d.Point, q.changed(ctx, tx, point, d.Point)
	})
	return d, err
}

// Queues lists a point's queues by letter.
func (q *Queues) Queues(ctx context.Context, point string) ([]queue.Queue, error) {
	id, _, err := pointOf(ctx, q.db.read, point)
	if err != nil {
		return nil, err
	}
	return queuesAt(ctx, q.db.read, id, point)
}

func queuesAt(ctx context.Context, db execer, pointID int64, point string) ([]queue.Queue, error) {
	rows, err := db.QueryContext(ctx, `SELECT q.slug, q.prefix, q.name_fi, q.name_sv, q.name_en, s.slug
		FROM queue q JOIN queue_service qs ON qs.queue_id = q.id JOIN service s ON s.id = qs.service_id
		WHERE q.point_id = $1 ORDER BY q.prefix, s.slug`, pointID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []queue.Queue{}
	for rows.Next() {
		var qu queue.Queue
		var svc string
		if err := rows.Scan(&qu.Slug, &qu.Prefix, &qu.Name.Fi, &qu.Name.Sv, &qu.Name.En, &svc); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Slug == qu.Slug {
			out[n-1].Services = append(out[n-1].Services, svc)
			continue
		}
		qu.Point, qu.Services = point, []string{svc}
		out = append(out, qu)
	}
	return out, rows.Err()
}

// ticketColumns and ticketFrom read a ticket with its queue, point and
// desk.
const ticketColumns = `t.id, p.slug, q.slug, t.number, t.language, t.priority, t.state, t.visit_id, t.outcome,
	t.created_at, t.called_at, t.serving_at, t.finished_at, t.not_before, COALESCE(a.reference, ''),
	d.id, COALESCE(d.slug, ''), COALESCE(d.name, '')`
const ticketFrom = ` FROM ticket t JOIN service_point p ON p.id = t.point_id JOIN queue q ON q.id = t.queue_id
	LEFT JOIN desk d ON d.id = t.desk_id LEFT JOIN appointment a ON a.id = t.appointment_id`

func scanTicket(s scanner) (queue.Ticket, error) {
	var t queue.Ticket
	var created, notBefore int64
	var called, serving, finished, desk sql.NullInt64
	var deskSlug, deskName string
	var priority int
	err := s.Scan(&t.ID, &t.Point, &t.Queue, &t.Number, &t.Language, &priority, &t.State, &t.Visit, &t.Outcome,
		&created, &called, &serving, &finished, &notBefore, &t.Appointment, &desk, &deskSlug, &deskName)
	if err != nil {
		return t, err
	}
	t.Priority = priority == 1
	t.CreatedAt = time.UnixMilli(created).UTC()
	t.CalledAt, t.ServingAt, t.FinishedAt = fromMs(called), fromMs(serving), fromMs(finished)
	if notBefore > created {
		t.NotBefore = fromMs(sql.NullInt64{Int64: notBefore, Valid: true})
	}
	if desk.Valid && t.State.Active() {
		t.Desk = &queue.Desk{ID: desk.Int64, Point: t.Point, Slug: deskSlug, Name: deskName}
	}
	return t, nil
}

// Ticket reads a ticket by its public id.
func (q *Queues) Ticket(ctx context.Context, id string) (queue.Ticket, error) {
	return ticketByID(ctx, q.db.read, id)
}

func ticketByID(ctx context.Context, db execer, id string) (queue.Ticket, error) {
	t, err := scanTicket(db.QueryRowContext(ctx, "SELECT "+ticketColumns+ticketFrom+" WHERE t.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.NotFoundf("There is no ticket %q.", id)
	}
	return t, err
}

// queueAt reads a queue of a point: its id, letter and the organisation
// it is recorded under (that of its first service).
func queueAt(ctx context.Context, tx execer, pointID int64, point, slug string) (id int64, prefix string, org int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT q.id, q.prefix, (SELECT s.organisation_id FROM queue_service qs
			JOIN service s ON s.id = qs.service_id WHERE qs.queue_id = q.id ORDER BY s.slug LIMIT 1)
		FROM queue q WHERE q.point_id = $1 AND q.slug = $2`, pointID, slug).Scan(&id, &prefix, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", 0, errs.Param("queue", "There is no queue %q at %s.", slug, point)
	}
	return id, prefix, org, err
}

// event appends a step to the visit record.
func event(ctx context.Context, tx *sql.Tx, pointID, visit int64, ticket, kind string, queueID, org int64, desk sql.NullInt64, detail string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO visit_event (point_id, visit_id, ticket_id, kind, queue_id, organisation_id, desk_id, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, pointID, visit, ticket, kind, queueID, org, desk, detail, ms(at))
	return err
}

// Take issues a ticket in a queue: the next number of the queue's day, a
// new visit, and the visit's first event. Whether the queue is open is
// the caller's question (it needs the point's hours).
func (q *Queues) Take(ctx context.Context, in queue.Take) (queue.Ticket, error) {
	var id string
	err := q.write(ctx, func(tx *sql.Tx) (string, error) {
		var err error
		id, err = q.take(ctx, tx, in, sql.NullInt64{})
		return in.Point, err
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return ticketByID(ctx, q.db.read, id)
}

func (q *Queues) take(ctx context.Context, tx *sql.Tx, in queue.Take, appointment sql.NullInt64) (string, error) {
	now := q.db.Now()
	point, loc, err := pointOf(ctx, tx, in.Point)
	if err != nil {
		return "", err
	}
	qid, prefix, org, err := queueAt(ctx, tx, point, in.Point, in.Queue)
	if err != nil {
		return "", err
	}
	day := now.In(loc).Format(time.DateOnly)
	var seq int
	if err := tx.QueryRowContext(ctx, `INSERT INTO queue_day (queue_id, day, last) VALUES ($1, $2, 1)
		ON CONFLICT (queue_id, day) DO UPDATE SET last = queue_day.last + 1 RETURNING last`, qid, day).Scan(&seq); err != nil {
		return "", err
	}
	var visit int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO visit (point_id, started_at) VALUES ($1, $2) RETURNING id", point, ms(now)).Scan(&visit); err != nil {
		return "", err
	}
	id := queue.NewTicketID()
	rank, notBefore, priority, kind := ms(now), int64(0), 0, queue.EventTicket
	if in.Priority {
		priority = 1
	}
	if appointment.Valid {
		rank, notBefore, priority, kind = ms(in.NotBefore), ms(in.NotBefore), 1, queue.EventCheckIn
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ticket (id, point_id, queue_id, numbered_by, visit_id, day, number, seq, language, priority, rank, not_before, appointment_id, created_at)
		VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		id, point, qid, visit, day, queue.Number(prefix, seq), seq, in.Language, priority, rank, notBefore, appointment, ms(now))
	if q.db.Violation(err) == Unique && appointment.Valid {
		return "", errs.Conflictf("Appointment %s is checked in already; your number is on your ticket.", in.Appointment)
	}
	if err != nil {
		return "", err
	}
	if err := event(ctx, tx, point, visit, id, kind, qid, org, sql.NullInt64{}, "", now); err != nil {
		return "", err
	}
	return id, q.changed(ctx, tx, point, in.Point)
}

// CheckInEarly and CheckInLate are how long before its start an
// appointment may be checked in at the kiosk, and how long after.
const (
	CheckInEarly = time.Hour
	CheckInLate  = 15 * time.Minute
)

// CheckIn turns an appointment at the point into a ticket of the queue
// that serves its first service there: called from the appointment's
// start on, ahead of walk-in customers. The reference alone is enough,
// and the answer says nothing of the appointment but its ticket.
func (q *Queues) CheckIn(ctx context.Context, point, reference, language string) (queue.Ticket, error) {
	var id string
	err := q.write(ctx, func(tx *sql.Tx) (string, error) {
		pointID, loc, err := pointOf(ctx, tx, point)
		if err != nil {
			return "", err
		}
		var appt, at int64
		var apptPoint sql.NullInt64
		var cancelled string
		err = tx.QueryRowContext(ctx, "SELECT id, point_id, starts_at, cancelled_at FROM appointment WHERE reference = $1", reference).
			Scan(&appt, &apptPoint, &at, &cancelled)
		if errors.Is(err, sql.ErrNoRows) || err == nil && (cancelled != "" || apptPoint.Int64 != pointID) {
			return "", errs.Param("reference", "There is no appointment %s at this service point.", reference)
		}
		if err != nil {
			return "", err
		}
		start, now := time.Unix(at, 0), q.db.Now()
		if now.Before(start.Add(-CheckInEarly)) || now.After(start.Add(CheckInLate)) {
			return "", errs.Conflictf("Appointment %s is at %s; check in from %s until %s.", reference,
				start.In(loc).Format("2.1.2006 15.04"), start.Add(-CheckInEarly).In(loc).Format("15.04"), start.Add(CheckInLate).In(loc).Format("15.04"))
		}
		var slug string
		err = tx.QueryRowContext(ctx, `SELECT q.slug FROM appointment_service aps JOIN queue_service qs ON qs.service_id = aps.service_id
			JOIN queue q ON q.id = qs.queue_id WHERE aps.appointment_id = $1 AND q.point_id = $2 ORDER BY q.prefix LIMIT 1`, appt, pointID).Scan(&slug)
		if errors.Is(err, sql.ErrNoRows) {
			return "", errs.Conflictf("Appointment %s cannot be checked in here: please go to the information desk.", reference)
		}
		if err != nil {
			return "", err
		}
		id, err = q.take(ctx, tx, queue.Take{Point: point, Queue: slug, Language: language, Appointment: reference, NotBefore: start},
			sql.NullInt64{Int64: appt, Valid: true})
		return point, err
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return ticketByID(ctx, q.db.read, id)
}

// deskRow is a desk with its session, read in a transaction.
type deskRow struct {
	id, point int64
	pointSlug string
	name      string
	actor     sql.NullString
	label     string
}

// deskFor reads a desk and checks that by is signed in to it.
func deskFor(ctx context.Context, tx execer, desk int64, by *access.Actor) (deskRow, error) {
	d := deskRow{id: desk}
	err := tx.QueryRowContext(ctx, `SELECT d.point_id, p.slug, d.name, s.actor, COALESCE(s.label, '')
		FROM desk d JOIN service_point p ON p.id = d.point_id LEFT JOIN desk_session s ON s.desk_id = d.id WHERE d.id = $1`, desk).
		Scan(&d.point, &d.pointSlug, &d.name, &d.actor, &d.label)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.NotFoundf("There is no desk %d.", desk)
	}
	if err != nil {
		return d, err
	}
	if !d.actor.Valid {
		return d, errs.Conflictf("Desk %s is not signed in: sign in to it and choose the queues it serves first.", d.name)
	}
	if d.actor.String != queue.Actor(by) {
		return d, errs.Conflictf("Desk %s is signed in by %s: sign in to it yourself first.", d.name, d.label)
	}
	return d, nil
}

// current reads the desk's ticket: the one called or being served.
func current(ctx context.Context, tx execer, desk int64) (t queue.Ticket, ok bool, err error) {
	t, err = scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+ticketFrom+
		" WHERE t.desk_id = $1 AND t.state IN ('called', 'serving')", desk))
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	return t, err == nil, err
}

// free refuses a step that needs the desk without a customer.
func free(ctx context.Context, tx execer, d deskRow) error {
	t, busy, err := current(ctx, tx, d.id)
	if err == nil && busy {
		err = errs.Conflictf("Desk %s is still with %s: finish it, mark it a no-show or transfer it first.", d.name, t.Number)
	}
	return err
}

// ticketIDs reads the ids the visit record needs about a ticket.
func ticketIDs(ctx context.Context, tx execer, id string) (visit, queueID, org int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT t.visit_id, t.queue_id, (SELECT s.organisation_id FROM queue_service qs
			JOIN service s ON s.id = qs.service_id WHERE qs.queue_id = t.queue_id ORDER BY s.slug LIMIT 1)
		FROM ticket t WHERE t.id = $1`, id).Scan(&visit, &queueID, &org)
	return visit, queueID, org, err
}

// SignIn signs by in to a desk to serve the named queues of its point.
// Signing in to a desk someone else left signed in takes it over.
func (q *Queues) SignIn(ctx context.Context, desk int64, by *access.Actor, queues []string) (queue.DeskState, error) {
	if len(queues) == 0 {
		return queue.DeskState{}, errs.Param("queues", "Choose at least one queue for the desk to serve.")
	}
	err := q.write(ctx, func(tx *sql.Tx) (string, error) {
		var point int64
		var slug string
		err := tx.QueryRowContext(ctx, "SELECT d.point_id, p.slug FROM desk d JOIN service_point p ON p.id = d.point_id WHERE d.id = $1", desk).Scan(&point, &slug)
		if errors.Is(err, sql.ErrNoRows) {
			return "", errs.NotFoundf("There is no desk %d.", desk)
		}
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM desk_session WHERE desk_id = $1", desk); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO desk_session (desk_id, actor, label, since) VALUES ($1, $2, $3, $4)",
			desk, queue.Actor(by), by.Label, ms(q.db.Now())); err != nil {
			return "", err
		}
		for _, s := range queues {
			qid, _, _, err := queueAt(ctx, tx, point, slug, s)
			if err != nil {
				return "", err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO desk_queue (desk_id, queue_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", desk, qid); err != nil {
				return "", err
			}
		}
		return slug, q.changed(ctx, tx, point, slug)
	})
	if err != nil {
		return queue.DeskState{}, err
	}
	return q.Desk(ctx, desk)
}

// SignOut signs by out of a desk that has no customer left.
func (q *Queues) SignOut(ctx context.Context, desk int64, by *access.Actor) error {
	return q.write(ctx, func(tx *sql.Tx) (string, error) {
		d, err := deskFor(ctx, tx, desk, by)
		if err != nil {
			return "", err
		}
		if err := free(ctx, tx, d); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM desk_session WHERE desk_id = $1", desk); err != nil {
			return "", err
		}
		return d.pointSlug, q.changed(ctx, tx, d.point, d.pointSlug)
	})
}

// CallNext calls the next ticket of the desk's queues to the desk:
// priority first, then by rank, among those that may be called now. Two
// desks calling at once take different tickets: on PostgreSQL the choice
// skips rows another transaction holds and the update takes the ticket
// only while it still waits; on SQLite both run on the one writer.
func (q *Queues) CallNext(ctx context.Context, desk int64, by *access.Actor) (queue.Ticket, error) {
	var id string
	err := q.write(ctx, func(tx *sql.Tx) (string, error) {
		d, err := deskFor(ctx, tx, desk, by)
		if err != nil {
			return "", err
		}
		if err := free(ctx, tx, d); err != nil {
			return "", err
		}
		now := q.db.Now()
		lock := ""
		if q.db.Engine == Postgres {
			lock = " FOR UPDATE OF t SKIP LOCKED"
		}
		err = tx.QueryRowContext(ctx, `SELECT t.id FROM ticket t JOIN desk_queue dq ON dq.queue_id = t.queue_id AND dq.desk_id = $1
			WHERE t.state = 'waiting' AND t.not_before <= $2 ORDER BY t.priority DESC, t.rank, t.created_at LIMIT 1`+lock, desk, ms(now)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return "", errs.Conflictf("Nobody is waiting in the queues desk %s serves.", d.name)
		}
		if err != nil {
			return "", err
		}
		res, err := tx.ExecContext(ctx, "UPDATE ticket SET state = 'called', desk_id = $1, called_at = $2 WHERE id = $3 AND state = 'waiting'", desk, ms(now), id)
		if err != nil {
			return "", err
		}
		if n, err := res.RowsAffected(); err != nil {
			return "", err
		} else if n != 1 {
			return "", errs.Conflictf("Another desk called that customer at the same moment; call again.")
		}
		visit, qid, org, err := ticketIDs(ctx, tx, id)
		if err != nil {
			return "", err
		}
		if err := event(ctx, tx, d.point, visit, id, queue.EventCall, qid, org, sql.NullInt64{Int64: desk, Valid: true}, "", now); err != nil {
			return "", err
		}
		return d.pointSlug, q.changed(ctx, tx, d.point, d.pointSlug)
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return ticketByID(ctx, q.db.read, id)
}

// atDesk runs a step on the desk's current ticket, which must be in one
// of the states from; step changes the ticket and returns the event's
// kind and detail.
func (q *Queues) atDesk(ctx context.Context, desk int64, by *access.Actor, from []queue.State,
	step func(tx *sql.Tx, t queue.Ticket, now time.Time) (kind, detail string, err error)) (queue.Ticket, error) {
	var id string
	err := q.write(ctx, func(tx *sql.Tx) (string, error) {
		d, err := deskFor(ctx, tx, desk, by)
		if err != nil {
			return "", err
		}
		t, ok, err := current(ctx, tx, desk)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", errs.Conflictf("Desk %s has no customer now: call the next one first.", d.name)
		}
		if !slices.Contains(from, t.State) {
			return "", errs.Conflictf("%s is already being served at desk %s.", t.Number, d.name)
		}
		id = t.ID
		now := q.db.Now()
		kind, detail, err := step(tx, t, now)
		if err != nil {
			return "", err
		}
		visit, qid, org, err := ticketIDs(ctx, tx, id)
		if err != nil {
			return "", err
		}
		if err := event(ctx, tx, d.point, visit, id, kind, qid, org, sql.NullInt64{Int64: desk, Valid: true}, detail, now); err != nil {
			return "", err
		}
		return d.pointSlug, q.changed(ctx, tx, d.point, d.pointSlug)
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return ticketByID(ctx, q.db.read, id)
}

// Recall calls the desk's ticket again, for a customer who did not come.
func (q *Queues) Recall(ctx context.Context, desk int64, by *access.Actor) (queue.Ticket, error) {
	return q.atDesk(ctx, desk, by, []queue.State{queue.Called}, func(tx *sql.Tx, t queue.Ticket, now time.Time) (string, string, error) {
		return queue.EventRecall, "", nil
	})
}

// Serve records that the called customer has come to the desk.
func (q *Queues) Serve(ctx context.Context, desk int64, by *access.Actor) (queue.Ticket, error) {
	return q.atDesk(ctx, desk, by, []queue.State{queue.Called}, func(tx *sql.Tx, t queue.Ticket, now time.Time) (string, string, error) {
		_, err := tx.ExecContext(ctx, "UPDATE ticket SET state = 'serving', serving_at = $1 WHERE id = $2", ms(now), t.ID)
		return queue.EventServe, "", err
	})
}

// endVisit closes the visit when none of its tickets is left open.
func endVisit(ctx context.Context, tx *sql.Tx, ticket string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE visit SET ended_at = $1 WHERE id = (SELECT visit_id FROM ticket WHERE id = $2)
		AND NOT EXISTS (SELECT 1 FROM ticket o WHERE o.visit_id = visit.id AND o.state IN ('waiting', 'called', 'serving'))`, ms(now), ticket)
	return err
}

// NoShow closes the desk's called ticket whose customer never came.
func (q *Queues) NoShow(ctx context.Context, desk int64, by *access.Actor) (queue.Ticket, error) {
	return q.atDesk(ctx, desk, by, []queue.State{queue.Called}, func(tx *sql.Tx, t queue.Ticket, now time.Time) (string, string, error) {
		if _, err := tx.ExecContext(ctx, "UPDATE ticket SET state = 'no_show', desk_id = NULL, finished_at = $1 WHERE id = $2", ms(now), t.ID); err != nil {
			return "", "", err
		}
		return queue.EventNoShow, "", endVisit(ctx, tx, t.ID, now)
	})
}

// Finish closes the desk's ticket with an outcome.
func (q *Queues) Finish(ctx context.Context, desk int64, by *access.Actor, outcome string) (queue.Ticket, error) {
	if !slices.Contains(queue.Outcomes, outcome) {
		return queue.Ticket{}, errs.Param("outcome", "The outcome %q is not one of %s.", outcome, strings.Join(queue.Outcomes, ", "))
	}
	return q.atDesk(ctx, desk, by, []queue.State{queue.Called, queue.Serving}, func(tx *sql.Tx, t queue.Ticket, now time.Time) (string, string, error) {
		if _, err := tx.ExecContext(ctx, `UPDATE ticket SET state = 'done', desk_id = NULL, outcome = $1, finished_at = $2,
			serving_at = COALESCE(serving_at, called_at) WHERE id = $3`, outcome, ms(now), t.ID); err != nil {
			return "", "", err
		}
		return queue.EventFinish, outcome, endVisit(ctx, tx, t.ID, now)
	})
}

// TransferTicket moves the desk's ticket to another queue of the point,
// possibly another organisation's, within the same visit: first among
// the waiting or last. It keeps its number. Whether the target queue is
// open is the caller's question.
func (q *Queues) TransferTicket(ctx context.Context, desk int64, by *access.Actor, tr queue.Transfer) (queue.Ticket, error) {
	return q.atDesk(ctx, desk, by, []queue.State{queue.Called, queue.Serving}, func(tx *sql.Tx, t queue.Ticket, now time.Time) (string, string, error) {
		var point int64
		if err := tx.QueryRowContext(ctx, "SELECT point_id FROM ticket WHERE id = $1", t.ID).Scan(&point); err != nil {
			return "", "", err
		}
		target, _, _, err := queueAt(ctx, tx, point, t.Point, tr.Queue)
		if err != nil {
			return "", "", err
		}
		rank := ms(now)
		where := "tail"
		if tr.Head {
			where = "head"
			var first sql.NullInt64
			if err := tx.QueryRowContext(ctx, "SELECT MIN(rank) FROM ticket WHERE queue_id = $1 AND state = 'waiting'", target).Scan(&first); err != nil {
				return "", "", err
			}
			if first.Valid && first.Int64 <= rank {
				rank = first.Int64 - 1
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE ticket SET state = 'waiting', desk_id = NULL, queue_id = $1, rank = $2, not_before = 0,
			called_at = NULL, serving_at = NULL WHERE id = $3`, target, rank, t.ID)
		// The event is recorded under the queue the ticket joins, so the
		// organisation that takes the customer on counts them.
		return queue.EventTransfer, "from " + t.Queue + " (" + where + ")", err
	})
}

// Desk reads a desk with its session, queues and current ticket.
func (q *Queues) Desk(ctx context.Context, id int64) (queue.DeskState, error) {
	var point string
	err := q.db.read.QueryRowContext(ctx, "SELECT p.slug FROM desk d JOIN service_point p ON p.id = d.point_id WHERE d.id = $1", id).Scan(&point)
	if errors.Is(err, sql.ErrNoRows) {
		return queue.DeskState{}, errs.NotFoundf("There is no desk %d.", id)
	}
	if err != nil {
		return queue.DeskState{}, err
	}
	list, err := q.desks(ctx, point, id)
	if err != nil {
		return queue.DeskState{}, err
	}
	return list[0], nil
}

// Desks lists a point's desks with who is signed in and what they do.
func (q *Queues) Desks(ctx context.Context, point string) ([]queue.DeskState, error) {
	if _, _, err := pointOf(ctx, q.db.read, point); err != nil {
		return nil, err
	}
	return q.desks(ctx, point, 0)
}

func (q *Queues) desks(ctx context.Context, point string, only int64) ([]queue.DeskState, error) {
	rows, err := q.db.read.QueryContext(ctx, `SELECT d.id, d.slug, d.name, s.actor IS NOT NULL, COALESCE(s.label, ''),
			COALESCE((SELECT string_agg(q.slug, ',') FROM desk_queue dq JOIN queue q ON q.id = dq.queue_id WHERE dq.desk_id = d.id), '')
		FROM desk d JOIN service_point p ON p.id = d.point_id LEFT JOIN desk_session s ON s.desk_id = d.id
		WHERE p.slug = $1 AND ($2 = 0 OR d.id = $2) ORDER BY d.name, d.id`, point, only)
	if err != nil {
		return nil, err
	}
	out := []queue.DeskState{}
	for rows.Next() {
		d := queue.DeskState{Desk: queue.Desk{Point: point}}
		var qs string
		if err := rows.Scan(&d.ID, &d.Slug, &d.Name, &d.SignedIn, &d.By, &qs); err != nil {
			rows.Close()
			return nil, err
		}
		d.Queues = []string{}
		if qs != "" {
			d.Queues = strings.Split(qs, ",")
			slices.Sort(d.Queues)
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		t, ok, err := current(ctx, q.db.read, out[i].ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out[i].Current = &t
		}
	}
	return out, nil
}

// serviceSamples is how many of a queue's latest finished tickets its
// mean service time is taken over, and how far back they may lie.
const (
	serviceSamples = 20
	serviceWindow  = 14 * 24 * time.Hour
)

// Board reads a point's board: its queues, the waiting in calling order,
// who is at which desk, the latest calls, how many desks serve each queue
// and each queue's recent service time; all in one read transaction, so
// that the parts agree.
func (q *Queues) Board(ctx context.Context, point string) (*queue.Board, error) {
	tx, err := q.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	id, _, err := pointOf(ctx, tx, point)
	if err != nil {
		return nil, err
	}
	in := queue.BoardInput{Point: point, Capacity: map[string]queue.Capacity{}, Mean: map[string]time.Duration{}}
	err = tx.QueryRowContext(ctx, "SELECT COALESCE((SELECT version FROM queue_board WHERE point_id = $1), 0)", id).Scan(&in.Version)
	if err != nil {
		return nil, err
	}
	if in.Queues, err = queuesAt(ctx, tx, id, point); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT t.id, q.slug FROM ticket t JOIN queue q ON q.id = t.queue_id
		WHERE t.point_id = $1 AND t.state = 'waiting' ORDER BY t.queue_id, t.priority DESC, t.rank, t.created_at`, id)
	if in.Waiting, err = collect(rows, err, func(s scanner) (w queue.WaitingTicket, err error) { return w, s.Scan(&w.ID, &w.Queue) }); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT t.id, q.slug, t.state, d.name FROM ticket t JOIN queue q ON q.id = t.queue_id
		JOIN desk d ON d.id = t.desk_id WHERE t.point_id = $1 AND t.state IN ('called', 'serving')`, id)
	if in.Active, err = collect(rows, err, func(s scanner) (a queue.ActiveTicket, err error) {
		return a, s.Scan(&a.ID, &a.Queue, &a.State, &a.Desk)
	}); err != nil {
		return nil, err
	}
	now := q.db.Now()
	rows, err = tx.QueryContext(ctx, `SELECT e.id, t.number, q.slug, d.name, e.kind, e.at FROM visit_event e
		JOIN ticket t ON t.id = e.ticket_id JOIN queue q ON q.id = e.queue_id JOIN desk d ON d.id = e.desk_id
		WHERE e.point_id = $1 AND e.kind IN ('call', 'recall') AND e.at >= $2 ORDER BY e.id DESC LIMIT $3`,
		id, ms(now.Add(-12*time.Hour)), queue.RecentCalls)
	if in.Calls, err = collect(rows, err, func(s scanner) (c queue.Call, err error) {
		var kind string
		var at int64
		err = s.Scan(&c.Event, &c.Number, &c.Queue, &c.Desk, &kind, &at)
		c.Recall, c.At = kind == queue.EventRecall, time.UnixMilli(at).UTC()
		return c, err
	}); err != nil {
		return nil, err
	}
	if in.Capacity, in.Idle, err = capacity(ctx, tx, id, ""); err != nil {
		return nil, err
	}
	for _, qu := range in.Queues {
		if m, ok, err := meanService(ctx, tx, id, qu.Slug, now); err != nil {
			return nil, err
		} else if ok {
			in.Mean[qu.Slug] = m
		}
	}
	return queue.BuildBoard(in), nil
}

// capacity counts the desks serving each queue of a point (only, if not
// ""): each signed-in desk counts for each of its queues by the share of
// its queues that queue is, and a desk without a customer counts as idle
// as well.
func capacity(ctx context.Context, tx execer, point int64, only string) (all, idle map[string]queue.Capacity, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT q.slug, (SELECT COUNT(*) FROM desk_queue o WHERE o.desk_id = dq.desk_id),
			EXISTS (SELECT 1 FROM ticket t WHERE t.desk_id = dq.desk_id AND t.state IN ('called', 'serving'))
		FROM desk_queue dq JOIN queue q ON q.id = dq.queue_id WHERE q.point_id = $1 AND ($2 = '' OR q.slug = $2)`, point, only)
	type share struct {
		queue string
		of    int
		busy  bool
	}
	shares, err := collect(rows, err, func(s scanner) (sh share, err error) { return sh, s.Scan(&sh.queue, &sh.of, &sh.busy) })
	if err != nil {
		return nil, nil, err
	}
	all, idle = map[string]queue.Capacity{}, map[string]queue.Capacity{}
	for _, sh := range shares {
		part := queue.Capacity(1 / float64(sh.of))
		all[sh.queue] += part
		if !sh.busy {
			idle[sh.queue] += part
		}
	}
	return all, idle, nil
}

// meanService is a queue's mean service time over its latest finished
// tickets; false while it has too few to trust.
func meanService(ctx context.Context, tx execer, point int64, slug string, now time.Time) (time.Duration, bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.finished_at - t.serving_at FROM ticket t JOIN queue q ON q.id = t.queue_id
		WHERE q.point_id = $1 AND q.slug = $2 AND t.state = 'done' AND t.finished_at >= $3 ORDER BY t.finished_at DESC LIMIT $4`,
		point, slug, ms(now.Add(-serviceWindow)), serviceSamples)
	took, err := collect(rows, err, func(s scanner) (d int64, err error) { return d, s.Scan(&d) })
	if err != nil || len(took) < queue.MinSamples {
		return 0, false, err
	}
	var sum int64
	for _, d := range took {
		sum += d
	}
	return time.Duration(sum/int64(len(took))) * time.Millisecond, true, nil
}

// Place is where a waiting ticket stands, as its board would say, read
// without the board: its position counted among those ahead in its
// queue, and the estimate from its queue's desks and service time. A
// new ticket's answer needs no more, however long the queue.
func (q *Queues) Place(ctx context.Context, t queue.Ticket) (queue.Place, error) {
	p := queue.Place{Queue: t.Queue, State: t.State}
	if t.State != queue.Waiting {
		return p, nil
	}
	tx, err := q.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return p, err
	}
	defer tx.Rollback()
	var point int64
	err = tx.QueryRowContext(ctx, `SELECT t.point_id, (SELECT COUNT(*) FROM ticket o WHERE o.queue_id = t.queue_id AND o.state = 'waiting'
			AND (o.priority > t.priority OR o.priority = t.priority AND (o.rank < t.rank OR o.rank = t.rank AND o.created_at <= t.created_at)))
		FROM ticket t WHERE t.id = $1 AND t.state = 'waiting'`, t.ID).Scan(&point, &p.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return queue.Place{Queue: t.Queue}, nil // called meanwhile
	}
	if err != nil {
		return p, err
	}
	all, idle, err := capacity(ctx, tx, point, t.Queue)
	if err != nil {
		return p, err
	}
	mean, ok, err := meanService(ctx, tx, point, t.Queue, q.db.Now())
	if err != nil {
		return p, err
	}
	if !ok {
		mean = queue.DefaultServiceTime
	}
	p.Wait = queue.Estimate(p.Position, mean, all[t.Queue], idle[t.Queue])
	return p, nil
}

// Events lists the visit record of a point over [from, to), in order.
func (q *Queues) Events(ctx context.Context, point string, from, to time.Time) ([]queue.Event, error) {
	rows, err := q.db.read.QueryContext(ctx, `SELECT e.id, p.slug, e.visit_id, e.ticket_id, t.number, e.kind, q.slug, o.slug,
			COALESCE(d.name, ''), e.detail, e.at
		FROM visit_event e JOIN service_point p ON p.id = e.point_id JOIN ticket t ON t.id = e.ticket_id
		JOIN queue q ON q.id = e.queue_id JOIN organisation o ON o.id = e.organisation_id LEFT JOIN desk d ON d.id = e.desk_id
		WHERE p.slug = $1 AND e.at >= $2 AND e.at < $3 ORDER BY e.id`, point, ms(from), ms(to))
	return collect(rows, err, func(s scanner) (e queue.Event, err error) {
		var at int64
		err = s.Scan(&e.ID, &e.Point, &e.Visit, &e.Ticket, &e.Number, &e.Kind, &e.Queue, &e.Organisation, &e.Desk, &e.Detail, &at)
		e.At = time.UnixMilli(at).UTC()
		return e, err
	})
}

// Listen hears the changes other instances make to queues and calls fn
// with each changed point's slug, until ctx ends; with "" after it
// (re)connects, as changes may have been missed meanwhile. On SQLite,
// where one instance owns the database file and hears its own changes
// through onChange, it returns at once. A lost connection is reported to
// lost and listened to again after a pause.
func (q *Queues) Listen(ctx context.Context, ready func(), fn func(point string), lost func(error)) error {
	if q.db.Engine != Postgres {
		ready()
		return nil
	}
	first := true
	for wait := time.Second; ; wait = min(2*wait, 30*time.Second) {
		err := postgres.Listen(ctx, q.db.write, queueChannel, func() {
			wait = time.Second
			if first {
				first = false
				ready()
				return
			}
			fn("")
		}, fn)
		if ctx.Err() != nil {
			return nil
		}
		lost(err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// QueuesWithHub returns the queue store and a hub that reads its boards
// and hears its commits: what a server follows live queues with. Call
// Listen as well on PostgreSQL to hear other instances.
func (db *DB) QueuesWithHub(log *slog.Logger) (*Queues, *queue.Hub) {
	var q *Queues
	hub := queue.NewHub(func(ctx context.Context, point string) (*queue.Board, error) { return q.Board(ctx, point) }, log)
	q = db.Queues(hub.Changed)
	return q, hub
}
