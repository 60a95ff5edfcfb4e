-- Reservation lookups ask "what overlaps [from, to)": starts_at < to AND
-- ends_at > from. An index on (x_id, starts_at) bounds only the first, so
-- every lookup read the whole history of the person or room. Leading with
-- ends_at bounds the scan to what ends after from; starts_at and
-- appointment_id make the index cover the lookups.
DROP INDEX reservation_staff;
DROP INDEX reservation_resource;
CREATE INDEX reservation_staff_window ON reservation(staff_id, ends_at, starts_at, appointment_id) WHERE active = TRUE AND staff_id IS NOT NULL;
CREATE INDEX reservation_resource_window ON reservation(resource_id, ends_at, starts_at, appointment_id) WHERE active = TRUE AND resource_id IS NOT NULL;
