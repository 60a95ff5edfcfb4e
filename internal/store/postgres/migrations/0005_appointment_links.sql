-- Video appointments carry their meeting link, made from the configured
-- template when the appointment is booked, so that a later change of the
-- template does not change links customers already have. Moving an
-- appointment records when it was last moved; sequence counts the moves
-- and the cancellation, for the SEQUENCE of its calendar event.

ALTER TABLE appointment ADD COLUMN meeting_link TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN moved_at TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
CREATE INDEX appointment_staff_time ON appointment_service(staff_id, appointment_id);
