-- A reservation lasts at most a day (the longest service is eight hours,
-- and the buffer after it is minutes). With that bound, "what overlaps
-- [from, to)" is "what starts in [from - 1 day, to) and ends after from",
-- and an index that leads with the start time reads only the days asked
-- for. The indexes of migration 0007 led with the end time and read
-- everything ending after from: for a busy adviser, every appointment of
-- the weeks ahead, on every search.
CREATE TRIGGER reservation_at_most_a_day_insert BEFORE INSERT ON reservation
WHEN NEW.ends_at - NEW.starts_at > 86400
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reservation_at_most_a_day');
END;
CREATE TRIGGER reservation_at_most_a_day_update BEFORE UPDATE OF starts_at, ends_at ON reservation
WHEN NEW.ends_at - NEW.starts_at > 86400
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reservation_at_most_a_day');
END;
DROP INDEX reservation_staff_window;
DROP INDEX reservation_resource_window;
CREATE INDEX reservation_staff_start ON reservation(staff_id, starts_at, ends_at, appointment_id) WHERE active = TRUE AND staff_id IS NOT NULL;
CREATE INDEX reservation_resource_start ON reservation(resource_id, starts_at, ends_at, appointment_id) WHERE active = TRUE AND resource_id IS NOT NULL;
