package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Appointments keeps schedules, appointments and reservations.
type Appointments struct {
	db *DB
	// except names an appointment whose reservations searches ignore:
	// the one being moved.
	except string
	// only, when set, narrows searches to the people and the room of
	// one slot (booking.Narrower).
	only *booking.Slot
}

// Without returns a calendar that ignores the reservations of the
// appointment with the given reference, so that moving it can search
// times that overlap its current one.
func (a *Appointments) Without(reference string) booking.Calendar {
	return &Appointments{db: a.db, except: reference, only: a.only}
}

// Only returns the calendar of sl's staff, interpreter and room alone,
// still without a.except's reservations: what checking sl needs.
func (a *Appointments) Only(sl booking.Slot) booking.Calendar {
	return &Appointments{db: a.db, except: a.except, only: &sl}
}

// exceptCondition leaves out the reservations of a.except; r is the
// alias of the reservation table.
func (a *Appointments) exceptCondition(q *query, r string) string {
	if a.except == "" {
		return ""
	}
	return " AND " + r + ".appointment_id NOT IN (SELECT id FROM appointment WHERE reference = " + q.arg(a.except) + ")"
}

// Appointments returns the appointment store of db.
func (db *DB) Appointments() *Appointments { return &Appointments{db: db} }

// AddSchedules stores staff schedules in one transaction.
func (a *Appointments) AddSchedules(ctx context.Context, list []booking.Schedule) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error { return insertSchedules(ctx, tx, list) })
}

// insertSchedules writes schedules, each naming its staff member.
func insertSchedules(ctx context.Context, tx *sql.Tx, list []booking.Schedule) error {
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
}

// insertAbsences writes absences, each naming its staff member.
func insertAbsences(ctx context.Context, tx *sql.Tx, list []booking.Absence) error {
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
}

// HasSchedules reports whether any schedule is stored.
func (a *Appointments) HasSchedules(ctx context.Context) (bool, error) {
	var n int
	err := a.db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM staff_schedule LIMIT 1) x").Scan(&n)
	return n > 0, err
}

// reserve books the people of appointment appt for [start, buffered)
// and its room, if any, for [start, end), all in one statement inside
// tx. On PostgreSQL the exclusion constraint refuses an overlap; on
// SQLite the insert itself checks that nothing overlaps, in an IMMEDIATE
// transaction on the one writer connection, so nothing can come between.
// Either way the caller's transaction is lost or rolled back when it
// returns booking.ErrTaken, so that no one is reserved alone.
func (a *Appointments) reserve(ctx context.Context, tx *sql.Tx, appt int64, people []int64, room sql.NullInt64, start, buffered, end int64) error {
	var q query
	id := q.arg(appt)
	// PostgreSQL's rows carry the appointment; SQLite selects it once.
	lead := "(" + id + ", "
	if a.db.Engine == SQLite {
		lead = "("
	}
	var values []string
	for _, p := range people {
		values = append(values, lead+q.arg(p)+", NULL, "+q.arg(start)+", "+q.arg(buffered)+")")
	}
	if room.Valid {
		values = append(values, lead+"NULL, "+q.arg(room.Int64)+", "+q.arg(start)+", "+q.arg(end)+")")
	}
	if len(values) == 0 {
		return nil
	}
	if a.db.Engine == SQLite {
		overlap := " AND r.starts_at < v.column4 AND r.starts_at > v.column3 - " + q.arg(maxSpan) + " AND r.ends_at > v.column3)"
		res, err := tx.ExecContext(ctx, `INSERT INTO reservation (appointment_id, staff_id, resource_id, starts_at, ends_at)
			SELECT `+id+`, v.column1, v.column2, v.column3, v.column4 FROM (VALUES `+strings.Join(values, ", ")+`) v
			WHERE NOT EXISTS (SELECT 1 FROM reservation r WHERE r.active = TRUE AND r.staff_id = v.column1`+overlap+`
			AND NOT EXISTS (SELECT 1 FROM reservation r WHERE r.active = TRUE AND r.resource_id = v.column2`+overlap, q.args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n < int64(len(values)) {
			err = booking.ErrTaken
		}
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO reservation (appointment_id, staff_id, resource_id, starts_at, ends_at) VALUES "+
		strings.Join(values, ", "), q.args...)
	if a.db.Violation(err) == Exclusion {
		return booking.ErrTaken
	}
	return err
}

// maxSpan is booking.MaxSpan in the seconds reservations are kept in.
const maxSpan = int64(booking.MaxSpan / time.Second)

// slotIDs are the row ids a booking of a slot writes: its point,
// interpreter and room (each NULL when the slot has none), the
// organisation of its first service, and each service and its staff
// member.
type slotIDs struct {
	point, interpreter, room sql.NullInt64
	org                      int64
	orgSlug                  string
	services, staff          []int64
}

// resolveSlot resolves the slugs of s through look, and the
// organisation through org unless it is nil.
func resolveSlot(s booking.Slot, look func(table, param, slug string) (int64, error), org func(service string) (int64, string, error)) (ids slotIDs, err error) {
	optional := func(table, param, slug string) (sql.NullInt64, error) {
		if slug == "" {
			return sql.NullInt64{}, nil
		}
		id, err := look(table, param, slug)
		return sql.NullInt64{Int64: id, Valid: err == nil}, err
	}
	if ids.point, err = optional("service_point", "point", s.Point); err != nil {
		return ids, err
	}
	if ids.interpreter, err = optional("staff_member", "interpreter", s.Interpreter); err != nil {
		return ids, err
	}
	if ids.room, err = optional("resource", "room", s.Room); err != nil {
		return ids, err
	}
	// The organisation of the first service keeps the customer's data
	// (a booking writes it; a move keeps it, and passes no org).
	if org != nil {
		if ids.org, ids.orgSlug, err = org(s.Services[0]); err != nil {
			return ids, err
		}
	}
	for i, svc := range s.Services {
		sid, err := look("service", "services", svc)
		if err != nil {
			return ids, err
		}
		staff, err := look("staff_member", "staff", s.Staff[i])
		if err != nil {
			return ids, err
		}
		ids.services, ids.staff = append(ids.services, sid), append(ids.staff, staff)
	}
	return ids, nil
}

// organisationOf reads the organisation of a service through q.
func organisationOf(ctx context.Context, q execer, service string) (id int64, slug string, err error) {
	err = q.QueryRowContext(ctx, "SELECT s.organisation_id, o.slug FROM service s JOIN organisation o ON o.id = s.organisation_id WHERE s.slug = $1",
		service).Scan(&id, &slug)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errs.Param("services", "There is no service %q.", service)
	}
	return id, slug, err
}

// slotIDsIn resolves a slot's ids in a write transaction, its
// organisation too when withOrg.
func slotIDsIn(ctx context.Context, tx *sql.Tx, s booking.Slot, withOrg bool) (slotIDs, error) {
	var org func(string) (int64, string, error)
	if withOrg {
		org = func(service string) (int64, string, error) { return organisationOf(ctx, tx, service) }
	}
	return resolveSlot(s, func(table, param, slug string) (int64, error) { return idOf(ctx, tx, table, param, slug) }, org)
}

// cachedSlotIDs resolves a slot's ids from the catalogue cache, before a
// booking's write transaction, and returns the catalogue version they
// belong to. Ids of catalogue rows stand while the version does: the
// write checks it and resolves again in the transaction if it has moved.
// This keeps the lookups off SQLite's one writer.
func (a *Appointments) cachedSlotIDs(ctx context.Context, s booking.Slot) (slotIDs, int64, error) {
	ctx = catalogue.WithSnapshot(ctx)
	version, err := a.db.catalogueVersion(ctx)
	if err != nil {
		return slotIDs{}, 0, err
	}
	type orgOf struct {
		id   int64
		slug string
	}
	ids, err := resolveSlot(s, func(table, param, slug string) (int64, error) {
		return cached(ctx, a.db, "id\x00"+table+"\x00"+slug, func() (int64, error) { return idOf(ctx, a.db.read, table, param, slug) })
	}, func(service string) (int64, string, error) {
		o, err := cached(ctx, a.db, "organisation of\x00"+service, func() (orgOf, error) {
			id, slug, err := organisationOf(ctx, a.db.read, service)
			return orgOf{id, slug}, err
		})
		return o.id, o.slug, err
	})
	return ids, version, err
}

// stillVersion reports whether the catalogue is still at version, read
// in the write transaction tx.
func stillVersion(ctx context.Context, tx *sql.Tx, version int64) (bool, error) {
	var v int64
	err := tx.QueryRowContext(ctx, "SELECT n FROM catalogue_version WHERE id = 1").Scan(&v)
	return v == version, err
}

// attach writes the services of appointment appt and reserves every
// staff member, the interpreter and the room of s.
func (a *Appointments) attach(ctx context.Context, tx *sql.Tx, appt int64, s booking.Slot, ids slotIDs, buffer time.Duration) error {
	start, end := s.Start.Unix(), s.End.Unix()
	buffered := end + int64(buffer/time.Second)
	if buffered-start > maxSpan {
		return errs.Invalidf("An appointment and the buffer after it last at most a day.")
	}
	// The people of the visit, each once: one person may give several
	// services.
	var people []int64
	for i, svc := range s.Services {
		staff := ids.staff[i]
		if _, err := tx.ExecContext(ctx, `INSERT INTO appointment_service (appointment_id, service_id, staff_id, ord)
			VALUES ($1, $2, $3, $4)`, appt, ids.services[i], staff, i); err != nil {
			if a.db.Violation(err) == Unique {
				return errs.Param("services", "The service %q is named twice.", svc)
			}
			return err
		}
		if !slices.Contains(people, staff) {
			people = append(people, staff)
		}
	}
	if ids.interpreter.Valid {
		if slices.Contains(people, ids.interpreter.Int64) {
			return errs.Param("interpreter", "The interpreter cannot also be one of the staff of the visit.")
		}
		people = append(people, ids.interpreter.Int64)
	}
	if err := a.lockParticipants(ctx, tx, people, ids.room); err != nil {
		return err
	}
	return a.reserve(ctx, tx, appt, people, ids.room, start, buffered, end)
}

// lockParticipants makes bookings that share a person or a room take
// turns on PostgreSQL, before any reservation is inserted. The exclusion
// constraints alone decide correctly, but two transactions inserting
// overlapping rows at the same moment each wait for the other: a
// deadlock, found only after deadlock_timeout and then retried. Locks
// taken in one sorted order cannot deadlock; the loser of a race then
// meets the winner's committed row and gets ErrTaken at once. On SQLite
// the single writer already takes turns.
func (a *Appointments) lockParticipants(ctx context.Context, tx *sql.Tx, people []int64, room sql.NullInt64) error {
	if a.db.Engine != Postgres {
		return nil
	}
	keys := make([]int64, 0, len(people)+1)
	for _, p := range people {
		keys = append(keys, p<<1) // staff: even keys
	}
	if room.Valid {
		keys = append(keys, room.Int64<<1|1) // rooms: odd keys
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", k); err != nil {
			return err
		}
	}
	return nil
}

// checkSlot refuses a slot that cannot be written.
func checkSlot(s booking.Slot) error {
	if !s.End.After(s.Start) || len(s.Services) == 0 || len(s.Services) != len(s.Staff) {
		return errs.Invalidf("The slot is incomplete: give start, end, and one staff member per service.")
	}
	return nil
}

// Book writes an appointment with its services and reserves every staff
// member, the interpreter and the room, in one transaction: all of them
// or none. A participant or room taken meanwhile is booking.ErrTaken. The
// booking is audited as a change of personal data by the actor (the
// customer, or staff booking for them).
func (a *Appointments) Book(ctx context.Context, by *access.Actor, b booking.Booking) (booking.Appointment, error) {
	s := b.Slot
	if err := checkSlot(s); err != nil {
		return booking.Appointment{}, err
	}
	cachedIDs, version, err := a.cachedSlotIDs(ctx, s)
	if err != nil {
		return booking.Appointment{}, err
	}
	return a.bookWith(ctx, by, b, cachedIDs, version)
}

// bookWith is Book with the slot's ids resolved at catalogue version
// version: used if the catalogue is still there, else resolved again.
func (a *Appointments) bookWith(ctx context.Context, by *access.Actor, b booking.Booking, cachedIDs slotIDs, version int64) (booking.Appointment, error) {
	s := b.Slot
	now := a.db.Now()
	var org string
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		ids := cachedIDs
		if same, err := stillVersion(ctx, tx, version); err != nil {
			return err
		} else if !same {
			if ids, err = slotIDsIn(ctx, tx, s, true); err != nil {
				return err
			}
		}
		org = ids.orgSlug
		c := b.Customer
		var appt int64
		err := tx.QueryRowContext(ctx, `INSERT INTO appointment (reference, token_hash, point_id, channel, starts_at, ends_at,
			organisation_id, interpreter_id, resource_id, customer_name, customer_phone, customer_email, customer_language,
			customer_needs, identity_lookup, identity_sealed, created_at, meeting_link)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
			b.Reference, b.TokenHash, ids.point, string(s.Channel), s.Start.Unix(), s.End.Unix(), ids.org, ids.interpreter, ids.room,
			c.Name, c.Phone, c.Email, c.Language, c.Needs, nullable(c.Lookup), nullable(c.Sealed), timeText(now), b.MeetingLink).Scan(&appt)
		if a.db.Violation(err) == Unique {
			return errs.Conflictf("The reference %s is in use; try again.", b.Reference)
		}
		if err != nil {
			return err
		}
		if err := a.attach(ctx, tx, appt, s, ids, b.Buffer); err != nil {
			return err
		}
		if err := addReminder(ctx, tx, appt, b.Remind); err != nil {
			return err
		}
		e := appointmentEntry(by, "appointment.create", b.Reference, org, "", "")
		return a.db.Access().insertAudit(ctx, tx, e)
	})
	if err != nil {
		return booking.Appointment{}, err
	}
	// The appointment as written: what reading it back would give.
	ap := booking.Appointment{Reference: b.Reference, Slot: s, Organisation: org, Customer: b.Customer, MeetingLink: b.MeetingLink,
		Created: parseTime(timeText(now)), TokenHash: b.TokenHash}
	ap.Start, ap.End = time.Unix(s.Start.Unix(), 0).UTC(), time.Unix(s.End.Unix(), 0).UTC()
	ap.Services, ap.Staff = slices.Clone(s.Services), slices.Clone(s.Staff)
	ap.Customer.Lookup, ap.Customer.Sealed = "", ""
	return ap, nil
}

// appointmentEntry is the audit entry of an action on an appointment,
// the personal data of its customer kept by org.
func appointmentEntry(by *access.Actor, action, reference, org, purpose, actedFor string) access.AuditEntry {
	e := by.Entry(action, "appointment", reference)
	e.SubjectOrganisation, e.Purpose, e.Organisation = org, purpose, actedFor
	if !by.SignedIn() {
		e.Actor = "customer"
	}
	return e
}

// Read reads an appointment for its customer or for staff of an
// organisation taking part in it, and audits the read.
func (a *Appointments) Read(ctx context.Context, who booking.Requester, reference string) (booking.Appointment, error) {
	return a.act(ctx, who, reference, "appointment.read", nil)
}

// CancelFor cancels an appointment for its customer or staff taking part,
// frees its reservations and drops its reminder.
func (a *Appointments) CancelFor(ctx context.Context, who booking.Requester, reference string) (booking.Appointment, error) {
	return a.act(ctx, who, reference, "appointment.cancel", func(tx *sql.Tx, id int64, ap booking.Appointment) error {
		return a.cancel(ctx, tx, id, ap)
	})
}

// Move moves an appointment to another slot for its customer or staff
// taking part: the old reservations are freed and the new ones made in
// one transaction, so a move either happens whole or leaves the
// appointment where it was. The services stay the same.
func (a *Appointments) Move(ctx context.Context, who booking.Requester, reference string, b booking.Booking) (booking.Appointment, error) {
	s := b.Slot
	if err := checkSlot(s); err != nil {
		return booking.Appointment{}, err
	}
	return a.act(ctx, who, reference, "appointment.move", func(tx *sql.Tx, id int64, ap booking.Appointment) error {
		if ap.Cancelled != nil {
			return errs.Conflictf("Appointment %s is cancelled; book a new time instead.", reference)
		}
		if !slices.Equal(ap.Services, s.Services) {
			return errs.Param("services", "A move keeps the services of the appointment (%s); book a new appointment for other matters.",
				strings.Join(ap.Services, ", "))
		}
		ids, err := slotIDsIn(ctx, tx, s, false)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appointment SET point_id = $1, channel = $2, starts_at = $3, ends_at = $4,
			interpreter_id = $5, resource_id = $6, meeting_link = $7, moved_at = $8, sequence = sequence + 1 WHERE id = $9`,
			ids.point, string(s.Channel), s.Start.Unix(), s.End.Unix(), ids.interpreter, ids.room, b.MeetingLink, timeText(a.db.Now()), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM appointment_service WHERE appointment_id = $1", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE reservation SET active = FALSE WHERE appointment_id = $1", id); err != nil {
			return err
		}
		if err := a.attach(ctx, tx, id, s, ids, b.Buffer); err != nil {
			return err
		}
		return scheduleReminder(ctx, tx, id, b.Remind)
	})
}

// act runs fn on an appointment in one write transaction after checking
// who may, and audits it there. A refusal is audited after the rollback.
// It returns the appointment as it is afterwards.
func (a *Appointments) act(ctx context.Context, who booking.Requester, reference, action string,
	fn func(tx *sql.Tx, id int64, ap booking.Appointment) error) (booking.Appointment, error) {
	var ap booking.Appointment
	err := a.db.Access().customerWrite(ctx, func(tx *sql.Tx) error {
		id, got, err := a.appointment(ctx, tx, reference)
		if err != nil {
			return err
		}
		actedFor, ok, err := a.allowed(ctx, tx, who, id, got)
		if err != nil {
			return err
		}
		if !ok {
			e := appointmentEntry(who.By, action, reference, got.Organisation, who.Purpose, actedFor)
			e.Outcome = access.Refused
			err := access.Denied(who.By, "Only staff of an organisation taking part in appointment %s may see it.", reference)
			if who.TokenHash != "" {
				err = errs.E(errs.Forbidden, "That is not the private token of appointment %s.", reference)
			} else if !who.By.SignedIn() {
				err = access.Denied(who.By, "Give the appointment's private token in the X-Appointment-Token header.")
			}
			return &refusal{entry: e, err: err}
		}
		if fn != nil {
			if err := fn(tx, id, got); err != nil {
				return err
			}
			if _, got, err = a.appointment(ctx, tx, reference); err != nil {
				return err
			}
		}
		ap = got
		return a.db.Access().insertAudit(ctx, tx, appointmentEntry(who.By, action, reference, got.Organisation, who.Purpose, actedFor))
	})
	return ap, err
}

// allowed reports whether who may act on appointment id: its customer
// by token, or staff (or an organisation's admin) of the organisation
// keeping it or of one giving one of its services — booking a joint
// visit shares it with them. actedFor names the actor's organisation.
func (a *Appointments) allowed(ctx context.Context, tx *sql.Tx, who booking.Requester, id int64, ap booking.Appointment) (actedFor string, ok bool, err error) {
	if who.TokenHash != "" && subtle.ConstantTimeCompare([]byte(who.TokenHash), []byte(ap.TokenHash)) == 1 {
		return "", true, nil
	}
	mine := who.By.Organisations(access.CustomerRoles...)
	if len(mine) == 0 {
		return "", false, nil
	}
	orgs, err := a.takingPart(ctx, tx, id)
	if err != nil {
		return "", false, err
	}
	if slices.Contains(mine, ap.Organisation) {
		return ap.Organisation, true, nil
	}
	for _, o := range orgs {
		if slices.Contains(mine, o) {
			return o, true, nil
		}
	}
	return strings.Join(mine, ","), false, nil
}

// takingPart lists the organisations whose services an appointment has.
func (a *Appointments) takingPart(ctx context.Context, tx execer, id int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT o.slug FROM appointment_service x JOIN service s ON s.id = x.service_id
		JOIN organisation o ON o.id = s.organisation_id WHERE x.appointment_id = $1 ORDER BY o.slug`, id)
	return collect(rows, err, func(s scanner) (string, error) {
		var o string
		return o, s.Scan(&o)
	})
}

// Appointment reads a booked appointment by its reference, unaudited:
// for the server's own checks, not for showing to anyone.
func (a *Appointments) Appointment(ctx context.Context, reference string) (booking.Appointment, error) {
	_, ap, err := a.appointment(ctx, a.db.read, reference)
	return ap, err
}

// appointmentColumns are read by scanAppointment.
const appointmentColumns = `a.id, a.reference, a.token_hash, COALESCE(p.slug, ''), a.channel, a.starts_at, a.ends_at,
	o.slug, COALESCE(i.slug, ''), COALESCE(r.slug, ''), a.customer_name, a.customer_phone, a.customer_email,
	a.customer_language, a.customer_needs, a.meeting_link, a.created_at, a.moved_at, a.cancelled_at, a.sequence
	FROM appointment a JOIN organisation o ON o.id = a.organisation_id
	LEFT JOIN service_point p ON p.id = a.point_id LEFT JOIN staff_member i ON i.id = a.interpreter_id
	LEFT JOIN resource r ON r.id = a.resource_id`

func scanAppointment(s scanner) (int64, booking.Appointment, error) {
	var ap booking.Appointment
	var id, start, end int64
	var created, moved, cancelled string
	err := s.Scan(&id, &ap.Reference, &ap.TokenHash, &ap.Point, &ap.Channel, &start, &end, &ap.Organisation, &ap.Interpreter, &ap.Room,
		&ap.Customer.Name, &ap.Customer.Phone, &ap.Customer.Email, &ap.Customer.Language, &ap.Customer.Needs, &ap.MeetingLink,
		&created, &moved, &cancelled, &ap.Sequence)
	ap.Start, ap.End = time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC()
	ap.Created, ap.Moved, ap.Cancelled = parseTime(created), optionalTime(moved), optionalTime(cancelled)
	return id, ap, err
}

// appointment reads one appointment with its services through q.
func (a *Appointments) appointment(ctx context.Context, q execer, reference string) (int64, booking.Appointment, error) {
	id, ap, err := scanAppointment(q.QueryRowContext(ctx, "SELECT "+appointmentColumns+" WHERE a.reference = $1", reference))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ap, errs.NotFoundf("There is no appointment %s.", reference)
	}
	if err != nil {
		return 0, ap, err
	}
	list := []booking.Appointment{ap}
	err = a.withServices(ctx, q, []int64{id}, list)
	return id, list[0], err
}

// withServices fills the services and staff of the appointments with
// the given ids (in the same order).
func (a *Appointments) withServices(ctx context.Context, q execer, ids []int64, list []booking.Appointment) error {
	if len(ids) == 0 {
		return nil
	}
	var qq query
	in := make([]string, len(ids))
	index := map[int64]int{}
	for i, id := range ids {
		in[i] = qq.arg(id)
		index[id] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT x.appointment_id, s.slug, m.slug FROM appointment_service x
		JOIN service s ON s.id = x.service_id JOIN staff_member m ON m.id = x.staff_id
		WHERE x.appointment_id IN (`+strings.Join(in, ", ")+`) ORDER BY x.appointment_id, x.ord`, qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var svc, staff string
		if err := rows.Scan(&id, &svc, &staff); err != nil {
			return err
		}
		ap := &list[index[id]]
		ap.Services, ap.Staff = append(ap.Services, svc), append(ap.Staff, staff)
	}
	return rows.Err()
}

// Agenda lists the appointments of a point or a person overlapping
// [From, To) that the actor's organisations keep or take part in, and
// audits the listing as a read of personal data.
func (a *Appointments) Agenda(ctx context.Context, by *access.Actor, g booking.Agenda, purpose string) ([]booking.Appointment, error) {
	mine := by.Organisations(access.CustomerRoles...)
	// A staff member's own calendar lists every appointment they take
	// part in; the others are those of the reader's organisations.
	own := g.Point == "" && by.Is(g.Staff)
	if len(mine) == 0 && !own {
		return nil, access.Denied(by, "Only staff of an organisation see appointments.")
	}
	var q query
	q.where("a.starts_at < " + q.arg(g.To.Unix()))
	q.where("a.ends_at > " + q.arg(g.From.Unix()))
	subject := ""
	switch {
	case g.Point != "":
		q.where("p.slug = " + q.arg(g.Point))
		subject = "point " + g.Point
	case g.Staff != "":
		ph := q.arg(g.Staff)
		q.where(`(i.slug = ` + ph + ` OR EXISTS (SELECT 1 FROM appointment_service y JOIN staff_member m ON m.id = y.staff_id
			WHERE y.appointment_id = a.id AND m.slug = ` + ph + `))`)
		subject = "staff " + g.Staff
	default:
		return nil, errs.Param("point", "Name a point or a staff member.")
	}
	if !own {
		q.where(takesPart(&q, mine))
	}
	var list []booking.Appointment
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+appointmentColumns+q.whereClause()+" ORDER BY a.starts_at, a.id", q.args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			id, ap, err := scanAppointment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			ids, list = append(ids, id), append(list, ap)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := a.withServices(ctx, tx, ids, list); err != nil {
			return err
		}
		if own {
			if err := limit(ctx, tx, mine, ids, list); err != nil {
				return err
			}
		}
		e := by.Entry("appointment.list", "agenda", subject+" "+g.From.UTC().Format(time.DateOnly)+"/"+g.To.UTC().Format(time.DateOnly))
		e.Organisation, e.Purpose = strings.Join(mine, ","), purpose
		return a.db.Access().insertAudit(ctx, tx, e)
	})
	if list == nil {
		list = []booking.Appointment{}
	}
	return list, err
}

// takesPart is the condition that one of organisations orgs gives a
// service of appointment a.
func takesPart(q *query, orgs []string) string {
	return `EXISTS (SELECT 1 FROM appointment_service z JOIN service s ON s.id = z.service_id
		JOIN organisation so ON so.id = s.organisation_id WHERE z.appointment_id = a.id AND so.slug IN ` + inList(q, orgs) + `)`
}

// limit leaves the customer's details out of the appointments of list
// (with ids) in which none of organisations mine gives a service: those
// a staff member or interpreter sees in their own calendar only because
// they take part.
func limit(ctx context.Context, tx *sql.Tx, mine []string, ids []int64, list []booking.Appointment) error {
	shared := map[int64]bool{}
	if len(mine) > 0 && len(ids) > 0 {
		var q query
		in := make([]string, len(ids))
		for i, id := range ids {
			in[i] = q.arg(id)
		}
		q.where("a.id IN (" + strings.Join(in, ", ") + ")")
		q.where(takesPart(&q, mine))
		rows, err := tx.QueryContext(ctx, "SELECT a.id FROM appointment a"+q.whereClause(), q.args...)
		got, err := collect(rows, err, func(s scanner) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range got {
			shared[id] = true
		}
	}
	for i, id := range ids {
		if !shared[id] {
			list[i].Customer = booking.Customer{Language: list[i].Customer.Language}
			list[i].Limited = true
		}
	}
	return nil
}

func (a *Appointments) cancel(ctx context.Context, tx *sql.Tx, id int64, ap booking.Appointment) error {
	if ap.Cancelled != nil {
		return errs.Conflictf("Appointment %s is cancelled already.", ap.Reference)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE appointment SET cancelled_at = $1, sequence = sequence + 1 WHERE id = $2", timeText(a.db.Now()), id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE reservation SET active = FALSE WHERE appointment_id = $1", id); err != nil {
		return err
	}
	return dropReminders(ctx, tx, id)
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
	return a.db.Write(ctx, func(tx *sql.Tx) error { return insertAbsences(ctx, tx, list) })
}

// StaffSchedules reads a staff member's weekly schedules and absences.
func (a *Appointments) StaffSchedules(ctx context.Context, staff string) (booking.StaffTime, error) {
	t := booking.StaffTime{Staff: staff, Schedules: []booking.Schedule{}, Absences: []booking.Absence{}}
	var id int64
	err := a.db.read.QueryRowContext(ctx, "SELECT id FROM staff_member WHERE slug = $1", staff).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.NotFoundf("There is no staff member %q.", staff)
	}
	if err != nil {
		return t, err
	}
	rows, err := a.db.read.QueryContext(ctx, `SELECT COALESCE(p.slug, ''), sc.hours FROM staff_schedule sc
		LEFT JOIN service_point p ON p.id = sc.point_id WHERE sc.staff_id = $1 ORDER BY sc.id`, id)
	list, err := collect(rows, err, func(s scanner) (booking.Schedule, error) {
		sc := booking.Schedule{Staff: staff}
		return sc, s.Scan(&sc.Point, &sc.Hours)
	})
	if err != nil {
		return t, err
	}
	t.Schedules = append(t.Schedules, list...)
	rows, err = a.db.read.QueryContext(ctx, `SELECT id, first_day, last_day, reason FROM staff_absence
		WHERE staff_id = $1 ORDER BY first_day, id`, id)
	abs, err := collect(rows, err, func(s scanner) (booking.Absence, error) {
		ab := booking.Absence{Staff: staff}
		return ab, s.Scan(&ab.ID, &ab.FirstDay, &ab.LastDay, &ab.Reason)
	})
	t.Absences = append(t.Absences, abs...)
	return t, err
}

// ReplaceStaffSchedules replaces a staff member's schedules and absences
// in one transaction. Appointments already booked stay; new searches see
// the new times. The change is audited as by's: an absence's reason may
// tell something of the person.
func (a *Appointments) ReplaceStaffSchedules(ctx context.Context, by *access.Actor, t booking.StaffTime) error {
	for i := range t.Schedules {
		t.Schedules[i].Staff = t.Staff
	}
	for i := range t.Absences {
		t.Absences[i].Staff = t.Staff
	}
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		staff, org, err := staffMemberOf(ctx, tx, "staff", t.Staff)
		if err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM staff_schedule WHERE staff_id = $1", "DELETE FROM staff_absence WHERE staff_id = $1"} {
			if _, err := tx.ExecContext(ctx, q, staff); err != nil {
				return err
			}
		}
		if err := insertSchedules(ctx, tx, t.Schedules); err != nil {
			return err
		}
		if err := insertAbsences(ctx, tx, t.Absences); err != nil {
			return err
		}
		e := by.Entry("staff.schedules", "staff", t.Staff)
		e.Organisation, e.SubjectOrganisation = org, org
		e.Purpose = fmt.Sprintf("%d working times, %d absences", len(t.Schedules), len(t.Absences))
		return a.db.Access().insertAudit(ctx, tx, e)
	})
}
