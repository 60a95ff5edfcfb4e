package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/remind"
)

// The reminder outbox. Book and Move write an appointment's reminder in
// their own transaction (scheduleReminder), Cancel withdraws it
// (dropReminders); the remind.Worker claims, sends and records them
// through the exported methods below. A claimed reminder is "sending"
// until the worker says how it went; one left "sending" past its lease is
// given up by SweepReminders and never claimed again, because it may
// have arrived.

// unknownFate is the last_error of a reminder given up by the sweep.
const unknownFate = "delivery outcome unknown; not resent so that it is never sent twice"

// scheduleReminder withdraws the appointment's reminder that has not been
// sent yet and, unless due is zero, writes a new one due then. It runs in
// the transaction that moves the appointment.
func scheduleReminder(ctx context.Context, tx *sql.Tx, appt int64, due time.Time) error {
	if err := dropReminders(ctx, tx, appt); err != nil {
		return err
	}
	return addReminder(ctx, tx, appt, due)
}

// addReminder queues the reminder of a new appointment, which has none
// to withdraw; none when due is zero.
func addReminder(ctx context.Context, tx *sql.Tx, appt int64, due time.Time) error {
	if due.IsZero() {
		return nil
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO reminder (appointment_id, due_at, next_attempt_at) VALUES ($1, $2, $3)",
		appt, due.Unix(), due.Unix())
	return err
}

// dropReminders withdraws the appointment's reminders that wait to be
// sent. One being sent at this moment is not stopped.
func dropReminders(ctx context.Context, tx *sql.Tx, appt int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE reminder SET state = 'cancelled' WHERE appointment_id = $1 AND state = 'pending'", appt)
	return err
}

// ClaimReminders moves up to limit reminders that are due at now, of
// appointments neither cancelled nor begun, from pending to sending,
// leased until now+lease, counts the attempt, and returns them with what
// their messages need. On PostgreSQL the rows are locked with SKIP
// LOCKED, so instances claiming at once take different rows; on SQLite
// the claim is one statement on the one writer connection.
func (a *Appointments) ClaimReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]remind.Due, error) {
	if limit <= 0 {
		return nil, errs.Invalidf("The number of reminders to claim must be positive.")
	}
	lock := ""
	if a.db.Engine == Postgres {
		lock = " FOR UPDATE OF r SKIP LOCKED"
	}
	var list []remind.Due
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		list = nil // Write may run this again on PostgreSQL
		rows, err := tx.QueryContext(ctx, `UPDATE reminder SET state = 'sending', attempts = attempts + 1, claimed_until = $1
			WHERE id IN (SELECT r.id FROM reminder r JOIN appointment a ON a.id = r.appointment_id
				WHERE r.state = 'pending' AND r.next_attempt_at <= $2 AND a.cancelled_at = '' AND a.starts_at > $3
				ORDER BY r.next_attempt_at, r.id LIMIT $4`+lock+`)
			RETURNING id`, now.Add(lease).Unix(), now.Unix(), now.Unix(), limit)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		list, err = dueReminders(ctx, tx, ids)
		return err
	})
	return list, err
}

// dueReminders reads the claimed reminders ids with their appointments,
// points and services, in the order of their ids.
func dueReminders(ctx context.Context, tx *sql.Tx, ids []int64) ([]remind.Due, error) {
	in, args := idList(ids)
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.attempts, a.id, a.reference, a.starts_at, a.ends_at, a.channel,
		COALESCE(p.slug, ''), COALESCE(p.name_fi, ''), COALESCE(p.name_sv, ''), COALESCE(p.name_en, ''),
		COALESCE(p.street_fi, ''), COALESCE(p.street_sv, ''), COALESCE(p.street_en, ''), COALESCE(p.postal_code, ''),
		COALESCE(p.post_office_fi, ''), COALESCE(p.post_office_sv, ''), COALESCE(p.post_office_en, ''),
		COALESCE(p.time_zone, ''), a.meeting_link,
		a.customer_name, a.customer_email, a.customer_phone, a.customer_language
		FROM reminder r JOIN appointment a ON a.id = r.appointment_id LEFT JOIN service_point p ON p.id = a.point_id
		WHERE r.id IN `+in+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, err
	}
	var list []remind.Due
	byAppointment := map[int64]int{}
	for rows.Next() {
		var d remind.Due
		var appt, start, end int64
		var channel string
		if err := rows.Scan(&d.ID, &d.Attempts, &appt, &d.Reference, &start, &end, &channel,
			&d.Point, &d.PointName.Fi, &d.PointName.Sv, &d.PointName.En,
			&d.Street.Fi, &d.Street.Sv, &d.Street.En, &d.PostalCode,
			&d.PostOffice.Fi, &d.PostOffice.Sv, &d.PostOffice.En,
			&d.TimeZone, &d.MeetingLink,
			&d.Name, &d.Email, &d.Phone, &d.Language); err != nil {
			rows.Close()
			return nil, err
		}
		d.Start, d.End = time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC()
		d.Channel = booking.Channel(channel)
		byAppointment[appt] = len(list)
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	appts := make([]int64, 0, len(byAppointment))
	for id := range byAppointment {
		appts = append(appts, id)
	}
	in, args = idList(appts)
	rows, err = tx.QueryContext(ctx, `SELECT x.appointment_id, s.name_fi, s.name_sv, s.name_en
		FROM appointment_service x JOIN service s ON s.id = x.service_id
		WHERE x.appointment_id IN `+in+` ORDER BY x.appointment_id, x.ord`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var appt int64
		var fi, sv, en string
		if err := rows.Scan(&appt, &fi, &sv, &en); err != nil {
			return nil, err
		}
		d := &list[byAppointment[appt]]
		d.Services = append(d.Services, catalogue.Text{Fi: fi, Sv: sv, En: en})
	}
	return list, rows.Err()
}

// idList writes "($1, $2, …)" and its arguments for ids.
func idList(ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	return "(" + strings.Join(marks, ", ") + ")", args
}

// MarkReminderSent records that a claimed reminder left at at. A reminder
// the sweep gave up meanwhile is marked sent too: now its fate is known.
func (a *Appointments) MarkReminderSent(ctx context.Context, id int64, at time.Time) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminder SET state = 'sent', sent_at = $1, claimed_until = 0, last_error = ''
			WHERE id = $2 AND state IN ('sending', 'failed')`, timeText(at), id)
		return claimedRow(res, err, id)
	})
}

// RetryReminder puts a claimed reminder that was not sent back to
// pending, to be tried at next. If the appointment was booked again or
// moved meanwhile and has a newer reminder, this one is withdrawn.
func (a *Appointments) RetryReminder(ctx context.Context, id int64, next time.Time, errText string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminder SET state = 'cancelled', claimed_until = 0, last_error = $1
			WHERE id = $2 AND state = 'sending' AND EXISTS (SELECT 1 FROM reminder n
				WHERE n.appointment_id = reminder.appointment_id AND n.state = 'pending')`, errText, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		res, err = tx.ExecContext(ctx, `UPDATE reminder SET state = 'pending', next_attempt_at = $1, claimed_until = 0, last_error = $2
			WHERE id = $3 AND state = 'sending'`, next.Unix(), errText, id)
		return claimedRow(res, err, id)
	})
}

// FailReminder gives a claimed reminder up: it is never sent.
func (a *Appointments) FailReminder(ctx context.Context, id int64, errText string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminder SET state = 'failed', claimed_until = 0, last_error = $1
			WHERE id = $2 AND state = 'sending'`, errText, id)
		return claimedRow(res, err, id)
	})
}

// claimedRow turns an update of one claimed reminder that changed
// nothing into a conflict: the reminder was not being sent.
func claimedRow(res sql.Result, err error, id int64) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.Conflictf("Reminder %d is not being sent, so its outcome cannot be recorded.", id)
	}
	return nil
}

// SweepReminders gives up the reminders left sending past their lease: a
// worker stopped in the middle of sending them, and whether they arrived
// is unknown, so they are marked failed and never sent again. It returns
// how many. It also withdraws due reminders whose appointment was
// cancelled or has begun, which would never be claimed.
func (a *Appointments) SweepReminders(ctx context.Context, now time.Time) (int, error) {
	var stuck int64
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminder SET state = 'failed', last_error = $1
			WHERE state = 'sending' AND claimed_until < $2`, unknownFate, now.Unix())
		if err != nil {
			return err
		}
		if stuck, err = res.RowsAffected(); err != nil {
			return err
		}
		// Only due reminders are looked at, through the index: the claim
		// skips these, so they gather among the due ones.
		_, err = tx.ExecContext(ctx, `UPDATE reminder SET state = 'cancelled'
			WHERE state = 'pending' AND next_attempt_at <= $1 AND EXISTS (SELECT 1 FROM appointment a
				WHERE a.id = reminder.appointment_id AND (a.cancelled_at <> '' OR a.starts_at <= $2))`,
			now.Unix(), now.Unix())
		return err
	})
	return int(stuck), err
}
