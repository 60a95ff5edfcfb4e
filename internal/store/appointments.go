package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Appointments keeps schedules, appointments and reservations.
type Appointments struct{ db *DB }

// Appointments returns the appointment store of db.
func (db *DB) Appointments() *Appointments { return &Appointments{db: db} }

// ErrTaken is the answer when a participant or the room of a slot was
// booked by someone else first.
var ErrTaken = errs.Conflictf("That time was just booked by someone else. Choose another time.")

// AddSchedules stores staff schedules in one transaction.
func (a *Appointments) AddSchedules(ctx context.Context, list []booking.Schedule) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		for _, s := range list {
			staff, err := idOf(ctx, tx, "staff_member", "staff", s.Staff)
			if err != nil {
				return err
			}
			var point sql.NullInt64
			if s.Point != "" {
				id, err := idOf(ctx, tx, "service_point", "point", s.Point)
				if err != nil {
					return err
				}
				point = sql.NullInt64{Int64: id, Valid: true}
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO staff_schedule (staff_id, point_id, hours) VALUES ($1, $2, $3)",
				staff, point, s.Hours); err != nil {
				return err
			}
		}
		return nil
	})
}

// HasSchedules reports whether any schedule is stored.
func (a *Appointments) HasSchedules(ctx context.Context) (bool, error) {
	var n int
	err := a.db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM staff_schedule LIMIT 1) x").Scan(&n)
	return n > 0, err
}

// reserve books one participant or room for [start, end) inside tx. On
// PostgreSQL the exclusion constraint refuses an overlap; on SQLite the
// check below runs in the same IMMEDIATE transaction as the insert, on
// the one writer connection, so nothing can come between them.
func (a *Appointments) reserve(ctx context.Context, tx *sql.Tx, appt int64, column string, id, start, end int64) error {
	if a.db.Engine == SQLite {
		var taken int
		err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM reservation WHERE active = TRUE AND "+column+
			" = $1 AND starts_at < $2 AND ends_at > $3", id, end, start).Scan(&taken)
		if err != nil {
			return err
		}
		if taken > 0 {
			return ErrTaken
		}
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO reservation (appointment_id, "+column+", starts_at, ends_at) VALUES ($1, $2, $3, $4)",
		appt, id, start, end)
	if a.db.Violation(err) == Exclusion {
		return ErrTaken
	}
	return err
}

// Book writes an appointment with its services and reserves every staff
// member, the interpreter and the room, in one transaction: all of them
// or none. A participant or room taken meanwhile is ErrTaken.
func (a *Appointments) Book(ctx context.Context, b booking.Booking) (booking.Appointment, error) {
	s := b.Slot
	start, end := s.Start.Unix(), s.End.Unix()
	if end <= start || len(s.Services) == 0 || len(s.Services) != len(s.Staff) {
		return booking.Appointment{}, errs.Invalidf("The slot is incomplete: give start, end, and one staff member per service.")
	}
	now := a.db.Now()
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		var point, interpreter, room sql.NullInt64
		if s.Point != "" {
			id, err := idOf(ctx, tx, "service_point", "point", s.Point)
			if err != nil {
				return err
			}
			point = sql.NullInt64{Int64: id, Valid: true}
		}
		if s.Interpreter != "" {
			id, err := idOf(ctx, tx, "staff_member", "interpreter", s.Interpreter)
			if err != nil {
				return err
			}
			interpreter = sql.NullInt64{Int64: id, Valid: true}
		}
		if s.Room != "" {
			id, err := idOf(ctx, tx, "resource", "room", s.Room)
			if err != nil {
				return err
			}
			room = sql.NullInt64{Int64: id, Valid: true}
		}
		// The organisation of the first service keeps the customer's data.
		var org int64
		err := tx.QueryRowContext(ctx, "SELECT organisation_id FROM service WHERE slug = $1", s.Services[0]).Scan(&org)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Param("services", "There is no service %q.", s.Services[0])
		}
		if err != nil {
			return err
		}
		c := b.Customer
		var appt int64
		err = tx.QueryRowContext(ctx, `INSERT INTO appointment (reference, token_hash, point_id, channel, starts_at, ends_at,
			organisation_id, interpreter_id, resource_id, customer_name, customer_phone, customer_email, customer_language,
			customer_needs, identity_lookup, identity_sealed, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
			b.Reference, b.TokenHash, point, string(s.Channel), start, end, org, interpreter, room,
			c.Name, c.Phone, c.Email, c.Language, c.Needs, nullable(c.Lookup), nullable(c.Sealed), timeText(now)).Scan(&appt)
		if a.db.Violation(err) == Unique {
			return errs.Conflictf("The reference %s is in use; try again.", b.Reference)
		}
		if err != nil {
			return err
		}
		buffered := end + int64(b.Buffer/time.Second)
		var reserved []int64
		for i, svc := range s.Services {
			sid, err := idOf(ctx, tx, "service", "services", svc)
			if err != nil {
				return err
			}
			staff, err := idOf(ctx, tx, "staff_member", "staff", s.Staff[i])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO appointment_service (appointment_id, service_id, staff_id, ord)
				VALUES ($1, $2, $3, $4)`, appt, sid, staff, i); err != nil {
				if a.db.Violation(err) == Unique {
					return errs.Param("services", "The service %q is named twice.", svc)
				}
				return err
			}
			// One person giving two services is reserved once.
			if slices.Contains(reserved, staff) {
				continue
			}
			reserved = append(reserved, staff)
			if err := a.reserve(ctx, tx, appt, "staff_id", staff, start, buffered); err != nil {
				return err
			}
		}
		if interpreter.Valid {
			if slices.Contains(reserved, interpreter.Int64) {
				return errs.Param("interpreter", "The interpreter cannot also be one of the staff of the visit.")
			}
			if err := a.reserve(ctx, tx, appt, "staff_id", interpreter.Int64, start, buffered); err != nil {
				return err
			}
		}
		if room.Valid {
			if err := a.reserve(ctx, tx, appt, "resource_id", room.Int64, start, end); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return booking.Appointment{}, err
	}
	return a.Appointment(ctx, b.Reference)
}

// Appointment reads a booked appointment by its reference.
func (a *Appointments) Appointment(ctx context.Context, reference string) (booking.Appointment, error) {
	var ap booking.Appointment
	var id, start, end int64
	var created, cancelled string
	err := a.db.read.QueryRowContext(ctx, `SELECT a.id, a.reference, a.token_hash, COALESCE(p.slug, ''), a.channel, a.starts_at, a.ends_at,
		o.slug, COALESCE(i.slug, ''), COALESCE(r.slug, ''), a.customer_name, a.customer_phone, a.customer_email,
		a.customer_language, a.customer_needs, a.created_at, a.cancelled_at
		FROM appointment a JOIN organisation o ON o.id = a.organisation_id
		LEFT JOIN service_point p ON p.id = a.point_id LEFT JOIN staff_member i ON i.id = a.interpreter_id
		LEFT JOIN resource r ON r.id = a.resource_id WHERE a.reference = $1`, reference).Scan(
		&id, &ap.Reference, &ap.TokenHash, &ap.Point, &ap.Channel, &start, &end, &ap.Organisation, &ap.Interpreter, &ap.Room,
		&ap.Customer.Name, &ap.Customer.Phone, &ap.Customer.Email, &ap.Customer.Language, &ap.Customer.Needs, &created, &cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return ap, errs.NotFoundf("There is no appointment %s.", reference)
	}
	if err != nil {
		return ap, err
	}
	ap.Start, ap.End = time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC()
	ap.Created, ap.Cancelled = parseTime(created), optionalTime(cancelled)
	rows, err := a.db.read.QueryContext(ctx, `SELECT s.slug, m.slug FROM appointment_service x
		JOIN service s ON s.id = x.service_id JOIN staff_member m ON m.id = x.staff_id
		WHERE x.appointment_id = $1 ORDER BY x.ord`, id)
	if err != nil {
		return ap, err
	}
	defer rows.Close()
	for rows.Next() {
		var svc, staff string
		if err := rows.Scan(&svc, &staff); err != nil {
			return ap, err
		}
		ap.Services, ap.Staff = append(ap.Services, svc), append(ap.Staff, staff)
	}
	return ap, rows.Err()
}

// Cancel cancels an appointment and frees its reservations.
func (a *Appointments) Cancel(ctx context.Context, reference string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		var id int64
		var cancelled string
		err := tx.QueryRowContext(ctx, "SELECT id, cancelled_at FROM appointment WHERE reference = $1", reference).Scan(&id, &cancelled)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("There is no appointment %s.", reference)
		}
		if err != nil {
			return err
		}
		if cancelled != "" {
			return errs.Conflictf("Appointment %s is cancelled already.", reference)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE appointment SET cancelled_at = $1 WHERE id = $2", timeText(a.db.Now()), id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE reservation SET active = FALSE WHERE appointment_id = $1", id)
		return err
	})
}

// Overlaps counts pairs of active reservations of one staff member or
// room that overlap: the invariant is that there are none.
func (a *Appointments) Overlaps(ctx context.Context) (int, error) {
	var n int
	err := a.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM reservation x JOIN reservation y
		ON x.id < y.id AND x.active = TRUE AND y.active = TRUE AND x.starts_at < y.ends_at AND y.starts_at < x.ends_at
		AND ((x.staff_id IS NOT NULL AND x.staff_id = y.staff_id) OR (x.resource_id IS NOT NULL AND x.resource_id = y.resource_id))`).Scan(&n)
	return n, err
}

// AddAbsences stores staff absences in one transaction.
func (a *Appointments) AddAbsences(ctx context.Context, list []booking.Absence) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		for _, ab := range list {
			staff, err := idOf(ctx, tx, "staff_member", "staff", ab.Staff)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO staff_absence (staff_id, first_day, last_day, reason) VALUES ($1, $2, $3, $4)",
				staff, ab.FirstDay, ab.LastDay, ab.Reason); err != nil {
				return err
			}
		}
		return nil
	})
}
