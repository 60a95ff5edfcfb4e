-- Reservation lookups ask "what overlaps [from, to)": starts_at < to AND
-- ends_at > from. The exclusion constraints' GiST indexes are on during,
-- which these queries do not name, so every lookup read the whole history
-- of the person or room from the heap. These indexes bound the scan to
-- what ends after from and cover the lookups.
CREATE INDEX reservation_staff_window ON reservation(staff_id, ends_at) INCLUDE (starts_at, appointment_id) WHERE active AND staff_id IS NOT NULL;
CREATE INDEX reservation_resource_window ON reservation(resource_id, ends_at) INCLUDE (starts_at, appointment_id) WHERE active AND resource_id IS NOT NULL;
