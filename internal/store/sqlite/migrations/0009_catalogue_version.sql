-- The catalogue's version: a number that every change to what searches
-- read about points, services, staff, rooms, schedules and exceptions
-- moves on, in the same transaction as the change. Readers keep what they
-- read under the version they saw and read again when it has moved, so a
-- search reads the rarely changing catalogue from memory and only the
-- reservations from the database; and every instance sharing the
-- database sees every other's changes at once. Bookings do not move it.
CREATE TABLE catalogue_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO catalogue_version (id, n) VALUES (1, 0);
CREATE TRIGGER organisation_version_insert AFTER INSERT ON organisation BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER organisation_version_update AFTER UPDATE ON organisation BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER organisation_version_delete AFTER DELETE ON organisation BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER service_version_insert AFTER INSERT ON service BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER service_version_update AFTER UPDATE ON service BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER service_version_delete AFTER DELETE ON service BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER service_point_version_insert AFTER INSERT ON service_point BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER service_point_version_update AFTER UPDATE ON service_point BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER service_point_version_delete AFTER DELETE ON service_point BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER offering_version_insert AFTER INSERT ON offering BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER offering_version_update AFTER UPDATE ON offering BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER offering_version_delete AFTER DELETE ON offering BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_member_version_insert AFTER INSERT ON staff_member BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_member_version_update AFTER UPDATE ON staff_member BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_member_version_delete AFTER DELETE ON staff_member BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_service_version_insert AFTER INSERT ON staff_service BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_service_version_update AFTER UPDATE ON staff_service BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_service_version_delete AFTER DELETE ON staff_service BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_language_version_insert AFTER INSERT ON staff_language BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_language_version_update AFTER UPDATE ON staff_language BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_language_version_delete AFTER DELETE ON staff_language BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER resource_version_insert AFTER INSERT ON resource BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER resource_version_update AFTER UPDATE ON resource BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER resource_version_delete AFTER DELETE ON resource BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER hours_exception_version_insert AFTER INSERT ON hours_exception BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER hours_exception_version_update AFTER UPDATE ON hours_exception BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER hours_exception_version_delete AFTER DELETE ON hours_exception BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_schedule_version_insert AFTER INSERT ON staff_schedule BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_schedule_version_update AFTER UPDATE ON staff_schedule BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_schedule_version_delete AFTER DELETE ON staff_schedule BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_absence_version_insert AFTER INSERT ON staff_absence BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_absence_version_update AFTER UPDATE ON staff_absence BEGIN UPDATE catalogue_version SET n = n + 1; END;
CREATE TRIGGER staff_absence_version_delete AFTER DELETE ON staff_absence BEGIN UPDATE catalogue_version SET n = n + 1; END;
