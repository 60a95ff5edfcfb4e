-- Appointments: staff schedules and absences, the appointments booked,
-- their services, and the reservations of staff members and rooms that
-- make double booking impossible.
-- Appointment times are whole seconds since 1970 UTC (starts_at, ends_at),
-- so both engines compare them as numbers and PostgreSQL can put them in
-- a range for its exclusion constraints. A staff member's reservation
-- runs to the end of the buffer after the appointment, so the buffer is
-- kept by the same rule that keeps appointments apart.
-- On SQLite no two active reservations of one staff member or room may
-- overlap; the store checks that in the write transaction that inserts
-- them, on the one writer connection (BEGIN IMMEDIATE).

CREATE TABLE staff_schedule (
    id       INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff_member(id),
    point_id INTEGER REFERENCES service_point(id),
    hours    TEXT NOT NULL
) STRICT;
CREATE INDEX staff_schedule_staff ON staff_schedule(staff_id);
CREATE INDEX staff_schedule_point ON staff_schedule(point_id);

CREATE TABLE staff_absence (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL REFERENCES staff_member(id),
    first_day TEXT NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    last_day  TEXT NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND last_day >= first_day),
    reason    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX staff_absence_staff ON staff_absence(staff_id, first_day);

CREATE TABLE appointment (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    token_hash      TEXT NOT NULL,
    point_id        INTEGER REFERENCES service_point(id),
    channel         TEXT NOT NULL CHECK (channel IN ('in_person','video','phone')),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    interpreter_id  INTEGER REFERENCES staff_member(id),
    resource_id     INTEGER REFERENCES resource(id),
    customer_name   TEXT NOT NULL DEFAULT '',
    customer_phone  TEXT NOT NULL DEFAULT '',
    customer_email  TEXT NOT NULL DEFAULT '',
    customer_language TEXT NOT NULL DEFAULT '',
    customer_needs  TEXT NOT NULL DEFAULT '',
    identity_lookup TEXT,
    identity_sealed TEXT,
    created_at      TEXT NOT NULL,
    cancelled_at    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX appointment_point_time ON appointment(point_id, starts_at);
CREATE INDEX appointment_identity ON appointment(identity_lookup);

CREATE TABLE appointment_service (
    appointment_id INTEGER NOT NULL REFERENCES appointment(id),
    service_id     INTEGER NOT NULL REFERENCES service(id),
    staff_id       INTEGER NOT NULL REFERENCES staff_member(id),
    ord            INTEGER NOT NULL,
    PRIMARY KEY (appointment_id, service_id)
) STRICT;

CREATE TABLE reservation (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment(id),
    staff_id       INTEGER REFERENCES staff_member(id),
    resource_id    INTEGER REFERENCES resource(id),
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL CHECK (ends_at > starts_at),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK ((staff_id IS NULL) <> (resource_id IS NULL))
) STRICT;
CREATE INDEX reservation_staff ON reservation(staff_id, starts_at) WHERE active = TRUE AND staff_id IS NOT NULL;
CREATE INDEX reservation_resource ON reservation(resource_id, starts_at) WHERE active = TRUE AND resource_id IS NOT NULL;
CREATE INDEX reservation_appointment ON reservation(appointment_id);
