-- Searches read reservations by person or room and start time, and ask
-- for active ones. The indexes of migration 0008 hold only active rows,
-- but SQLite still reads each row from the table to check active: one
-- more B-tree search per reservation read. With active in the index, the
-- index alone answers (a covering index).
DROP INDEX reservation_staff_start;
DROP INDEX reservation_resource_start;
CREATE INDEX reservation_staff_start ON reservation(staff_id, starts_at, ends_at, active, appointment_id) WHERE active = TRUE AND staff_id IS NOT NULL;
CREATE INDEX reservation_resource_start ON reservation(resource_id, starts_at, ends_at, active, appointment_id) WHERE active = TRUE AND resource_id IS NOT NULL;
