-- SQLite's 0012 writes down every change to a reservation, so that the
-- one process that writes the file can keep the reservations searches
-- read in memory. PostgreSQL serves several processes, and its
-- transactions may commit in another order than their changes were
-- numbered, so searches read its reservation indexes directly. The
-- migration is kept so that both engines count the same versions.
SELECT 1;
