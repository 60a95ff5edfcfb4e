-- The walk-in queue. A queue belongs to a point and serves one or more
-- of its offerings; its tickets carry its letter and a number that starts
-- again from 1 each local day (queue_day counts them). A desk is where
-- tickets are called to; desk_session says who is signed in to it and
-- desk_queue which queues it serves.
-- A ticket is waiting, called, serving, done or no_show. Waiting tickets
-- are called priority first, then by rank (milliseconds: when it joined,
-- or before the head when transferred there; an appointment's start for
-- an appointment checked in), never before not_before.
-- Two desks never get the same ticket: the next ticket is chosen with
-- FOR UPDATE SKIP LOCKED and taken only while still waiting, so desks
-- calling at once take different tickets; and a desk has at most one
-- ticket at a time (ticket_desk_active). Changes at a point send a
-- notification (pg_notify 'onestop_queue' with the point's slug) at
-- commit, so that every instance's followers hear of them.
-- visit_event is the visit record: every ticket, call, transfer and
-- finish with its time, for analytics. queue_board.version moves on with
-- every change at a point, so followers know a board is newer.
-- Times are milliseconds since 1970 UTC.

CREATE TABLE queue (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    point_id  BIGINT NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
    slug      TEXT NOT NULL,
    prefix    TEXT NOT NULL CHECK (length(prefix) BETWEEN 1 AND 2),
    name_fi   TEXT NOT NULL DEFAULT '',
    name_sv   TEXT NOT NULL DEFAULT '',
    name_en   TEXT NOT NULL DEFAULT '',
    UNIQUE (point_id, slug),
    UNIQUE (point_id, prefix)
);

CREATE TABLE queue_service (
    queue_id   BIGINT NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
    service_id BIGINT NOT NULL REFERENCES service(id),
    PRIMARY KEY (queue_id, service_id)
);

CREATE TABLE queue_day (
    queue_id BIGINT NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    last     INTEGER NOT NULL CHECK (last > 0),
    PRIMARY KEY (queue_id, day)
);

CREATE TABLE queue_board (
    point_id BIGINT PRIMARY KEY REFERENCES service_point(id) ON DELETE CASCADE,
    version  BIGINT NOT NULL
);

CREATE TABLE desk (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    point_id BIGINT NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
    slug     TEXT NOT NULL,
    name     TEXT NOT NULL,
    UNIQUE (point_id, slug)
);

CREATE TABLE desk_session (
    desk_id  BIGINT PRIMARY KEY REFERENCES desk(id) ON DELETE CASCADE,
    actor    TEXT NOT NULL,
    label    TEXT NOT NULL,
    since    BIGINT NOT NULL
);

CREATE TABLE desk_queue (
    desk_id  BIGINT NOT NULL REFERENCES desk_session(desk_id) ON DELETE CASCADE,
    queue_id BIGINT NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
    PRIMARY KEY (desk_id, queue_id)
);

CREATE TABLE visit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    point_id   BIGINT NOT NULL REFERENCES service_point(id),
    started_at BIGINT NOT NULL,
    ended_at   BIGINT
);

CREATE TABLE ticket (
    id             TEXT PRIMARY KEY,
    point_id       BIGINT NOT NULL REFERENCES service_point(id),
    queue_id       BIGINT NOT NULL REFERENCES queue(id),
    -- numbered_by is the queue that gave the number; a transfer changes
    -- queue_id only, so the ticket keeps its number and the day's count.
    numbered_by    BIGINT NOT NULL REFERENCES queue(id),
    visit_id       BIGINT NOT NULL REFERENCES visit(id),
    day            TEXT NOT NULL,
    number         TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    language       TEXT NOT NULL DEFAULT '',
    priority       INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    state          TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','called','serving','done','no_show')),
    rank           BIGINT NOT NULL,
    not_before     BIGINT NOT NULL DEFAULT 0,
    desk_id        BIGINT REFERENCES desk(id),
    appointment_id BIGINT REFERENCES appointment(id),
    outcome        TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    called_at      BIGINT,
    serving_at     BIGINT,
    finished_at    BIGINT,
    CHECK ((state IN ('called','serving')) = (desk_id IS NOT NULL))
);
CREATE UNIQUE INDEX ticket_number ON ticket(numbered_by, day, seq);
CREATE INDEX ticket_waiting ON ticket(queue_id, priority DESC, rank) WHERE state = 'waiting';
CREATE UNIQUE INDEX ticket_desk_active ON ticket(desk_id) WHERE state IN ('called','serving');
CREATE INDEX ticket_point_state ON ticket(point_id, state);
-- One ticket per appointment checked in.
CREATE UNIQUE INDEX ticket_appointment ON ticket(appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX ticket_finished ON ticket(queue_id, finished_at) WHERE state = 'done';

CREATE TABLE visit_event (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    point_id        BIGINT NOT NULL REFERENCES service_point(id),
    visit_id        BIGINT NOT NULL REFERENCES visit(id),
    ticket_id       TEXT NOT NULL REFERENCES ticket(id),
    kind            TEXT NOT NULL CHECK (kind IN ('ticket','check_in','call','recall','serve','transfer','no_show','finish')),
    queue_id        BIGINT NOT NULL REFERENCES queue(id),
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    desk_id         BIGINT REFERENCES desk(id),
    detail          TEXT NOT NULL DEFAULT '',
    at              BIGINT NOT NULL
);
CREATE INDEX visit_event_point ON visit_event(point_id, at);
CREATE INDEX visit_event_calls ON visit_event(point_id, id) WHERE kind IN ('call','recall');
