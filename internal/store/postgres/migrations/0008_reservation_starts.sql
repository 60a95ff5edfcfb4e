-- A reservation lasts at most a day (the longest service is eight hours,
-- and the buffer after it is minutes). With that bound, "what overlaps
-- [from, to)" is "what starts in [from - 1 day, to) and ends after from",
-- and an index that leads with the start time reads only the days asked
-- for. The indexes of migration 0007 led with the end time and read
-- everything ending after from: for a busy adviser, every appointment of
-- the weeks ahead, on every search.
ALTER TABLE reservation ADD CONSTRAINT reservation_at_most_a_day CHECK (ends_at - starts_at <= 86400);
DROP INDEX reservation_staff_window;
DROP INDEX reservation_resource_window;
CREATE INDEX reservation_staff_start ON reservation(staff_id, starts_at) INCLUDE (ends_at, appointment_id) WHERE active AND staff_id IS NOT NULL;
CREATE INDEX reservation_resource_start ON reservation(resource_id, starts_at) INCLUDE (ends_at, appointment_id) WHERE active AND resource_id IS NOT NULL;
