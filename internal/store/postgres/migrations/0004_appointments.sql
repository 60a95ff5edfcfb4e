-- Appointments: staff schedules and absences, the appointments booked,
-- their services, and the reservations of staff members and rooms that
-- make double booking impossible.
-- Appointment times are whole seconds since 1970 UTC (starts_at, ends_at),
-- so both engines compare them as numbers. A staff member's reservation
-- runs to the end of the buffer after the appointment, so the buffer is
-- kept by the same rule that keeps appointments apart.
-- No two active reservations of one staff member or room overlap: the
-- exclusion constraints below decide, under any concurrency, on every
-- instance.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE staff_schedule (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id BIGINT NOT NULL REFERENCES staff_member(id),
    point_id BIGINT REFERENCES service_point(id),
    hours    TEXT NOT NULL
);
CREATE INDEX staff_schedule_staff ON staff_schedule(staff_id);
CREATE INDEX staff_schedule_point ON staff_schedule(point_id);

CREATE TABLE staff_absence (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id  BIGINT NOT NULL REFERENCES staff_member(id),
    first_day TEXT NOT NULL CHECK (first_day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    last_day  TEXT NOT NULL CHECK (last_day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND last_day >= first_day),
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_absence_staff ON staff_absence(staff_id, first_day);

CREATE TABLE appointment (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    token_hash      TEXT NOT NULL,
    point_id        BIGINT REFERENCES service_point(id),
    channel         TEXT NOT NULL CHECK (channel IN ('in_person','video','phone')),
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL CHECK (ends_at > starts_at),
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    interpreter_id  BIGINT REFERENCES staff_member(id),
    resource_id     BIGINT REFERENCES resource(id),
    customer_name   TEXT NOT NULL DEFAULT '',
    customer_phone  TEXT NOT NULL DEFAULT '',
    customer_email  TEXT NOT NULL DEFAULT '',
    customer_language TEXT NOT NULL DEFAULT '',
    customer_needs  TEXT NOT NULL DEFAULT '',
    identity_lookup TEXT,
    identity_sealed TEXT,
    created_at      TEXT NOT NULL,
    cancelled_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointment_point_time ON appointment(point_id, starts_at);
CREATE INDEX appointment_identity ON appointment(identity_lookup);

CREATE TABLE appointment_service (
    appointment_id BIGINT NOT NULL REFERENCES appointment(id),
    service_id     BIGINT NOT NULL REFERENCES service(id),
    staff_id       BIGINT NOT NULL REFERENCES staff_member(id),
    ord            INTEGER NOT NULL,
    PRIMARY KEY (appointment_id, service_id)
);

CREATE TABLE reservation (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appointment_id BIGINT NOT NULL REFERENCES appointment(id),
    staff_id       BIGINT REFERENCES staff_member(id),
    resource_id    BIGINT REFERENCES resource(id),
    starts_at      BIGINT NOT NULL,
    ends_at        BIGINT NOT NULL CHECK (ends_at > starts_at),
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    during         INT8RANGE GENERATED ALWAYS AS (int8range(starts_at, ends_at)) STORED,
    CHECK ((staff_id IS NULL) <> (resource_id IS NULL)),
    CONSTRAINT reservation_staff_no_overlap EXCLUDE USING gist (staff_id WITH =, during WITH &&) WHERE (active AND staff_id IS NOT NULL),
    CONSTRAINT reservation_resource_no_overlap EXCLUDE USING gist (resource_id WITH =, during WITH &&) WHERE (active AND resource_id IS NOT NULL)
);
CREATE INDEX reservation_appointment ON reservation(appointment_id);
