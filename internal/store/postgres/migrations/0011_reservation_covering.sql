-- SQLite's 0011 puts active into the reservation indexes so that they
-- cover searches. PostgreSQL needs nothing: its planner knows that a row
-- of a partial index on "WHERE active" is active, and the indexes of
-- migration 0008 already answer searches alone (index-only scans). The
-- migration is kept so that both engines count the same versions.
SELECT 1;
