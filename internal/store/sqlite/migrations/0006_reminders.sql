-- Appointment reminders: an outbox the reminder worker reads. Booking or
-- moving an appointment writes its reminder in the same transaction as
-- the appointment, so a reminder exists exactly when the booking does; the
-- worker sends it later, outside any transaction, and a slow or absent
-- mail server never holds up a booking.
-- A reminder is sent at most once. The worker claims a due row by moving
-- it from 'pending' to 'sending', with a lease until claimed_until, before
-- it sends, and marks it 'sent' after. A send known to have failed goes
-- back to 'pending' with a later next_attempt_at. A row still 'sending'
-- after its lease means a worker stopped mid-send: whether the message
-- left is unknown, so the row becomes 'failed' and is never sent again —
-- a missing reminder is better than a doubled one.
-- Claiming is one UPDATE in a write transaction on the one writer
-- connection, so two workers cannot claim the same row.
-- due_at, next_attempt_at and claimed_until are whole seconds since 1970
-- UTC, like the appointment's times, so that both engines compare them as
-- numbers; sent_at is text like the other moments recorded.

CREATE TABLE reminder (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointment(id),
    due_at          INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sending','sent','failed','cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER NOT NULL DEFAULT 0,
    sent_at         TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT ''
) STRICT;
-- The worker's question: which pending rows are due?
CREATE INDEX reminder_due ON reminder(state, next_attempt_at);
CREATE INDEX reminder_appointment ON reminder(appointment_id);
-- An appointment has at most one reminder waiting: rescheduling cancels
-- the old one in the same transaction that writes the new one.
CREATE UNIQUE INDEX reminder_one_pending ON reminder(appointment_id) WHERE state = 'pending';
