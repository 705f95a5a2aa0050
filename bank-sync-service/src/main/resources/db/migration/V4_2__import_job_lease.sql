-- Import jobs resume instead of failing (issue 11 §4). Any instance claims a job that is QUEUED, or RUNNING with an
-- expired lease (its instance died: heartbeat_at older than lettrage.banksync.import.lease), with SELECT ... FOR UPDATE
-- SKIP LOCKED, and runs it from its checkpoint: entries_read, committed in the same transaction as the entries it
-- counts. owner is the claim (instance and claim number) that holds the lease; a released job (graceful shutdown) is
-- QUEUED again without owner. The lease is kept in heartbeat_at, which the previous release's instances also refresh
-- for their running jobs, so that during a rolling deploy no job they run looks abandoned.
ALTER TABLE import_job ALTER COLUMN owner DROP NOT NULL;
-- the booking dates the check found, for the known-keys shortcut of a run started on another instance
ALTER TABLE import_job ADD COLUMN first_booking_date date;
ALTER TABLE import_job ADD COLUMN last_booking_date date;
CREATE INDEX import_job_claimable ON import_job (created_at, id) WHERE status IN ('QUEUED', 'RUNNING');
