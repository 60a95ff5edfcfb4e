-- Every change to a reservation is written down in order, so that a
-- process can keep the reservations searches read in memory and bring
-- them up to date by reading only what changed since it last looked
-- (see the store's busyCache). SQLite has one writer and commits in
-- order: the changes of a committed transaction have consecutive numbers
-- after those of every transaction committed before it, so a reader that
-- finds a number missing knows that changes were pruned before it read
-- them. An update is written as the old row leaving, then the new one
-- coming.
CREATE TABLE reservation_change (
    seq            INTEGER PRIMARY KEY,
    reservation_id INTEGER NOT NULL,
    appointment_id INTEGER NOT NULL,
    staff_id       INTEGER,
    resource_id    INTEGER,
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    active         INTEGER NOT NULL
) STRICT;

CREATE TRIGGER reservation_change_insert AFTER INSERT ON reservation
BEGIN
    INSERT INTO reservation_change (reservation_id, appointment_id, staff_id, resource_id, starts_at, ends_at, active)
    VALUES (NEW.id, NEW.appointment_id, NEW.staff_id, NEW.resource_id, NEW.starts_at, NEW.ends_at, NEW.active);
END;

CREATE TRIGGER reservation_change_update AFTER UPDATE ON reservation
BEGIN
    INSERT INTO reservation_change (reservation_id, appointment_id, staff_id, resource_id, starts_at, ends_at, active)
    VALUES (OLD.id, OLD.appointment_id, OLD.staff_id, OLD.resource_id, OLD.starts_at, OLD.ends_at, 0);
    INSERT INTO reservation_change (reservation_id, appointment_id, staff_id, resource_id, starts_at, ends_at, active)
    VALUES (NEW.id, NEW.appointment_id, NEW.staff_id, NEW.resource_id, NEW.starts_at, NEW.ends_at, NEW.active);
END;

CREATE TRIGGER reservation_change_delete AFTER DELETE ON reservation
BEGIN
    INSERT INTO reservation_change (reservation_id, appointment_id, staff_id, resource_id, starts_at, ends_at, active)
    VALUES (OLD.id, OLD.appointment_id, OLD.staff_id, OLD.resource_id, OLD.starts_at, OLD.ends_at, 0);
END;

-- The log keeps its last 50,000 changes, pruned a thousand at a time.
CREATE TRIGGER reservation_change_prune AFTER INSERT ON reservation_change
WHEN NEW.seq % 1000 = 0
BEGIN
    DELETE FROM reservation_change WHERE seq <= NEW.seq - 50000;
END;
