-- Dated exceptions to opening hours, per point or per offering (a service
-- at a point): closed for a training day, open longer before a holiday.
-- hours is an OpenStreetMap opening_hours time part for those days
-- ("off", "10:00-14:00"); reason is shown to customers.
-- national_closures_off lets a point opt out of the national closure days
-- (Christmas Eve, Midsummer Eve) on which public service points close.

ALTER TABLE service_point ADD COLUMN national_closures_off INTEGER NOT NULL DEFAULT 0 CHECK (national_closures_off IN (0, 1));

CREATE TABLE hours_exception (
    id         INTEGER PRIMARY KEY,
    point_id   INTEGER NOT NULL REFERENCES service_point(id),
    service_id INTEGER REFERENCES service(id),
    first_day  TEXT NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    last_day   TEXT NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND last_day >= first_day),
    hours      TEXT NOT NULL,
    reason_fi  TEXT NOT NULL DEFAULT '',
    reason_sv  TEXT NOT NULL DEFAULT '',
    reason_en  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX hours_exception_point ON hours_exception(point_id, first_day);
