-- The catalogue's version: a number that every change to what searches
-- read about points, services, staff, rooms, schedules and exceptions
-- moves on, in the same transaction as the change. Readers keep what they
-- read under the version they saw and read again when it has moved, so a
-- search reads the rarely changing catalogue from memory and only the
-- reservations from the database; and every instance sharing the
-- database sees every other's changes at once. Bookings do not move it.
CREATE TABLE catalogue_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, n) VALUES (1, 0);
CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalogue_version SET n = n + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER organisation_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER service_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER service_point_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_point FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER offering_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offering FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER staff_member_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_member FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER staff_service_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_service FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER staff_language_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_language FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER resource_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER hours_exception_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hours_exception FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER staff_schedule_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_schedule FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER staff_absence_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_absence FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
