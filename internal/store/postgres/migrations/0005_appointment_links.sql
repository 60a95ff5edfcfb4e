-- Video appointments carry their meeting link, made from the configured
-- template when the appointment is booked, so that a later change of the
-- template does not change links customers already have. Moving an
-- appointment records when it was last moved; sequence counts the moves
-- and the cancellation, for the SEQUENCE of its calendar event.
-- A service may ask for more notice or a shorter booking horizon than the
-- installation's defaults (2 hours, 8 weeks); 0 means the default.

ALTER TABLE appointment ADD COLUMN meeting_link TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN moved_at TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
CREATE INDEX appointment_staff_time ON appointment_service(staff_id, appointment_id);
ALTER TABLE service ADD COLUMN min_notice_minutes INTEGER NOT NULL DEFAULT 0 CHECK (min_notice_minutes BETWEEN 0 AND 43200);
ALTER TABLE service ADD COLUMN horizon_days INTEGER NOT NULL DEFAULT 0 CHECK (horizon_days BETWEEN 0 AND 365);
