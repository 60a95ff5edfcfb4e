-- The catalogue: organisations, services, service points, offerings,
-- staff and resources. Names and descriptions are kept in fi, sv and en.
-- Lists that are only ever read whole (channels, languages, life events)
-- are JSON arrays in TEXT; lists that are searched are tables.

CREATE TABLE organisation (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('municipality','wellbeing_county','kela','hospital','employment')),
    business_id    TEXT NOT NULL UNIQUE,
    name_fi        TEXT NOT NULL DEFAULT '',
    name_sv        TEXT NOT NULL DEFAULT '',
    name_en        TEXT NOT NULL DEFAULT '',
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE service (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    organisation_id  INTEGER NOT NULL REFERENCES organisation(id),
    name_fi          TEXT NOT NULL DEFAULT '',
    name_sv          TEXT NOT NULL DEFAULT '',
    name_en          TEXT NOT NULL DEFAULT '',
    description_fi   TEXT NOT NULL DEFAULT '',
    description_sv   TEXT NOT NULL DEFAULT '',
    description_en   TEXT NOT NULL DEFAULT '',
    channels         TEXT NOT NULL DEFAULT '[]',
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    languages        TEXT NOT NULL DEFAULT '[]',
    life_events      TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX service_organisation ON service(organisation_id);

CREATE TABLE service_point (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('office','joint','partner','pop_up','remote')),
    name_fi             TEXT NOT NULL DEFAULT '',
    name_sv             TEXT NOT NULL DEFAULT '',
    name_en             TEXT NOT NULL DEFAULT '',
    description_fi      TEXT NOT NULL DEFAULT '',
    description_sv      TEXT NOT NULL DEFAULT '',
    description_en      TEXT NOT NULL DEFAULT '',
    street_fi           TEXT NOT NULL DEFAULT '',
    street_sv           TEXT NOT NULL DEFAULT '',
    street_en           TEXT NOT NULL DEFAULT '',
    postal_code         TEXT NOT NULL DEFAULT '',
    post_office_fi      TEXT NOT NULL DEFAULT '',
    post_office_sv      TEXT NOT NULL DEFAULT '',
    post_office_en      TEXT NOT NULL DEFAULT '',
    municipality_code   TEXT NOT NULL,
    municipality_fi     TEXT NOT NULL DEFAULT '',
    municipality_sv     TEXT NOT NULL DEFAULT '',
    municipality_en     TEXT NOT NULL DEFAULT '',
    -- '|code|finnish name|swedish name|' folded to lower case, so that a
    -- filter matches any of them with one LIKE.
    municipality_search TEXT NOT NULL DEFAULT '',
    lat                 REAL,
    lon                 REAL,
    time_zone           TEXT NOT NULL,
    opening_hours       TEXT NOT NULL,
    accessibility_fi    TEXT NOT NULL DEFAULT '',
    accessibility_sv    TEXT NOT NULL DEFAULT '',
    accessibility_en    TEXT NOT NULL DEFAULT '',
    languages           TEXT NOT NULL DEFAULT '[]',
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX service_point_municipality ON service_point(municipality_code);

CREATE TABLE offering (
    id                INTEGER PRIMARY KEY,
    point_id          INTEGER NOT NULL REFERENCES service_point(id),
    service_id        INTEGER NOT NULL REFERENCES service(id),
    walk_in_hours     TEXT NOT NULL DEFAULT '',
    appointment_hours TEXT NOT NULL DEFAULT '',
    notes_fi          TEXT NOT NULL DEFAULT '',
    notes_sv          TEXT NOT NULL DEFAULT '',
    notes_en          TEXT NOT NULL DEFAULT '',
    UNIQUE (point_id, service_id)
) STRICT;
CREATE INDEX offering_service ON offering(service_id);

CREATE TABLE staff_member (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    title_fi        TEXT NOT NULL DEFAULT '',
    title_sv        TEXT NOT NULL DEFAULT '',
    title_en        TEXT NOT NULL DEFAULT '',
    interpreter     INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1))
) STRICT;
CREATE INDEX staff_member_organisation ON staff_member(organisation_id);

CREATE TABLE staff_service (
    staff_id   INTEGER NOT NULL REFERENCES staff_member(id),
    service_id INTEGER NOT NULL REFERENCES service(id),
    PRIMARY KEY (staff_id, service_id)
) STRICT;
CREATE INDEX staff_service_service ON staff_service(service_id);

CREATE TABLE staff_language (
    staff_id INTEGER NOT NULL REFERENCES staff_member(id),
    language TEXT NOT NULL,
    ord      INTEGER NOT NULL,
    PRIMARY KEY (staff_id, language)
) STRICT;
CREATE INDEX staff_language_language ON staff_language(language);

CREATE TABLE resource (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    point_id    INTEGER NOT NULL REFERENCES service_point(id),
    kind        TEXT NOT NULL CHECK (kind IN ('advisory_room','meeting_room','quiet_room','hall','classroom','workstation','digital_service_point')),
    name_fi     TEXT NOT NULL DEFAULT '',
    name_sv     TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',
    capacity    INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    bookable_by TEXT NOT NULL CHECK (bookable_by IN ('staff','residents','none'))
) STRICT;
CREATE INDEX resource_point ON resource(point_id);
