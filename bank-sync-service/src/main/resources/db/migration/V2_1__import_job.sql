-- A statement file upload, imported in the background: its state and progress, for the frontend to poll.
--
-- The upload is checked synchronously (syntax, account, size) before the job exists; the job then parses the file
-- again and stores its transactions in batches, each batch in one transaction together with the job's counters, so
-- the counters always say what is stored. heartbeat_at is refreshed while the job is QUEUED or RUNNING; a job whose
-- heartbeat stopped (its instance died or restarted) is marked FAILED by the sweeper, never left RUNNING.
CREATE TABLE import_job (
    id                uuid PRIMARY KEY,
    tenant_id         varchar(64)  NOT NULL,
    account_id        uuid         NOT NULL REFERENCES bank_account (id),
    status            varchar(16)  NOT NULL,
    format            varchar(16)  NOT NULL,
    csv_mapping       text,                               -- the CSV mapping used (preset name or JSON), for CSV
    file_name         varchar(255),
    file_bytes        bigint       NOT NULL,
    file_path         text,                               -- the upload waiting to be imported; null once done
    statements        integer      NOT NULL,
    entries_total     integer      NOT NULL,              -- entries found by the synchronous check
    entries_read      integer      NOT NULL DEFAULT 0,
    new_transactions  integer      NOT NULL DEFAULT 0,
    duplicates        integer      NOT NULL DEFAULT 0,
    rejected          integer      NOT NULL DEFAULT 0,
    skipped           integer      NOT NULL DEFAULT 0,    -- information-only entries (camt status INFO)
    error             varchar(2000),
    created_by        varchar(128),
    created_at        timestamptz  NOT NULL,
    started_at        timestamptz,
    finished_at       timestamptz,
    heartbeat_at      timestamptz  NOT NULL,
    owner             varchar(64)  NOT NULL,              -- the service instance running it
    CONSTRAINT import_job_status CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))
);
CREATE INDEX import_job_account ON import_job (tenant_id, account_id, created_at DESC);
CREATE INDEX import_job_active ON import_job (heartbeat_at) WHERE status IN ('QUEUED', 'RUNNING');

-- Entries of an import that were read but not imported, and why (the first ones of a job; the job counts them all).
CREATE TABLE import_job_rejection (
    job_id  uuid          NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    entry   integer       NOT NULL,          -- 1-based position of the entry in the file
    line    integer,                         -- the line where the entry starts, when the format has lines
    reason  varchar(1000) NOT NULL,
    PRIMARY KEY (job_id, entry)
);
