-- Statement uploads live in the database, so that any instance can check, run or resume the job of an upload that
-- another instance received (a pod's local disk dies with the pod). A file is stored as rows of at most
-- lettrage.banksync.import.chunk-bytes (1 MiB), written and read one chunk at a time: neither the service nor a
-- single query ever holds a whole file. The upload of a finished job is deleted with the job's last state change;
-- any other upload older than lettrage.banksync.import.upload-retention that no active job reads (a crash between
-- the upload and its job, a failed delete) is purged on a schedule.
CREATE TABLE statement_upload (
    id          uuid        PRIMARY KEY,
    tenant_id   varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL,
    bytes       bigint,                 -- set when the upload was received whole; null while it streams in
    chunks      integer
);
CREATE INDEX statement_upload_created ON statement_upload (created_at);

CREATE TABLE statement_upload_chunk (
    upload_id  uuid    NOT NULL REFERENCES statement_upload (id) ON DELETE CASCADE,
    seq        integer NOT NULL,        -- 0-based position of the chunk in the file
    data       bytea   NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

-- file_path (an upload on the local disk of the instance that took it) is no longer written; it stays for the
-- instances of the previous release during a rolling deploy.
ALTER TABLE import_job ADD COLUMN upload_id uuid REFERENCES statement_upload (id) ON DELETE SET NULL;
CREATE INDEX import_job_upload ON import_job (upload_id) WHERE upload_id IS NOT NULL;
