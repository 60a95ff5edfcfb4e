-- The walk-in queue. A queue belongs to a point and serves one or more
-- of its offerings; its tickets carry its letter and a number that starts
-- again from 1 each local day (queue_day counts them). A desk is where
-- tickets are called to; desk_session says who is signed in to it and
-- desk_queue which queues it serves.
-- A ticket is waiting, called, serving, done or no_show. Waiting tickets
-- are called priority first, then by rank (milliseconds: when it joined,
-- or before the head when transferred there; an appointment's start for
-- an appointment checked in), never before not_before.
-- Two desks never get the same ticket: on SQLite every change runs on the
-- one writer connection in BEGIN IMMEDIATE, so the choice of the next
-- ticket and its update are one step; and a desk has at most one ticket
-- at a time (ticket_desk_active).
-- visit_event is the visit record: every ticket, call, transfer and
-- finish with its time, for analytics. queue_board.version moves on with
-- every change at a point, so followers know a board is newer.
-- Times are milliseconds since 1970 UTC.

CREATE TABLE queue (
    id        INTEGER PRIMARY KEY,
    point_id  INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
    slug      TEXT NOT NULL,
    prefix    TEXT NOT NULL CHECK (length(prefix) BETWEEN 1 AND 2),
    name_fi   TEXT NOT NULL DEFAULT '',
    name_sv   TEXT NOT NULL DEFAULT '',
    name_en   TEXT NOT NULL DEFAULT '',
    UNIQUE (point_id, slug),
    UNIQUE (point_id, prefix)
) STRICT;

CREATE TABLE queue_service (
    queue_id   INTEGER NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES service(id),
    PRIMARY KEY (queue_id, service_id)
) STRICT;

CREATE TABLE queue_day (
    queue_id INTEGER NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    last     INTEGER NOT NULL CHECK (last > 0),
    PRIMARY KEY (queue_id, day)
) STRICT;

CREATE TABLE queue_board (
    point_id INTEGER PRIMARY KEY REFERENCES service_point(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL
) STRICT;

CREATE TABLE desk (
    id       INTEGER PRIMARY KEY,
    point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
    slug     TEXT NOT NULL,
    name     TEXT NOT NULL,
    UNIQUE (point_id, slug)
) STRICT;

CREATE TABLE desk_session (
    desk_id  INTEGER PRIMARY KEY REFERENCES desk(id) ON DELETE CASCADE,
    actor    TEXT NOT NULL,
    label    TEXT NOT NULL,
    since    INTEGER NOT NULL
) STRICT;

CREATE TABLE desk_queue (
    desk_id  INTEGER NOT NULL REFERENCES desk_session(desk_id) ON DELETE CASCADE,
    queue_id INTEGER NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
    PRIMARY KEY (desk_id, queue_id)
) STRICT;

CREATE TABLE visit (
    id         INTEGER PRIMARY KEY,
    point_id   INTEGER NOT NULL REFERENCES service_point(id),
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
) STRICT;

CREATE TABLE ticket (
    id             TEXT PRIMARY KEY,
    point_id       INTEGER NOT NULL REFERENCES service_point(id),
    queue_id       INTEGER NOT NULL REFERENCES queue(id),
    -- numbered_by is the queue that gave the number; a transfer changes
    -- queue_id only, so the ticket keeps its number and the day's count.
    numbered_by    INTEGER NOT NULL REFERENCES queue(id),
    visit_id       INTEGER NOT NULL REFERENCES visit(id),
    day            TEXT NOT NULL,
    number         TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    language       TEXT NOT NULL DEFAULT '',
    priority       INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    state          TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','called','serving','done','no_show')),
    rank           INTEGER NOT NULL,
    not_before     INTEGER NOT NULL DEFAULT 0,
    desk_id        INTEGER REFERENCES desk(id),
    appointment_id INTEGER REFERENCES appointment(id),
    outcome        TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    called_at      INTEGER,
    serving_at     INTEGER,
    finished_at    INTEGER,
    CHECK ((state IN ('called','serving')) = (desk_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX ticket_number ON ticket(numbered_by, day, seq);
CREATE INDEX ticket_waiting ON ticket(queue_id, priority DESC, rank) WHERE state = 'waiting';
CREATE UNIQUE INDEX ticket_desk_active ON ticket(desk_id) WHERE state IN ('called','serving');
CREATE INDEX ticket_point_state ON ticket(point_id, state);
-- One ticket per appointment checked in.
CREATE UNIQUE INDEX ticket_appointment ON ticket(appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX ticket_finished ON ticket(queue_id, finished_at) WHERE state = 'done';

CREATE TABLE visit_event (
    id              INTEGER PRIMARY KEY,
    point_id        INTEGER NOT NULL REFERENCES service_point(id),
    visit_id        INTEGER NOT NULL REFERENCES visit(id),
    ticket_id       TEXT NOT NULL REFERENCES ticket(id),
    kind            TEXT NOT NULL CHECK (kind IN ('ticket','check_in','call','recall','serve','transfer','no_show','finish')),
    queue_id        INTEGER NOT NULL REFERENCES queue(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    desk_id         INTEGER REFERENCES desk(id),
    detail          TEXT NOT NULL DEFAULT '',
    at              INTEGER NOT NULL
) STRICT;
CREATE INDEX visit_event_point ON visit_event(point_id, at);
CREATE INDEX visit_event_calls ON visit_event(point_id, id) WHERE kind IN ('call','recall');
