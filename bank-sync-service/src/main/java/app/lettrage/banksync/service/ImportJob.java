package app.lettrage.banksync.service;

import java.time.Instant;
import java.util.UUID;

/**
 * A statement import: the uploaded file it reads, its state and its progress. Its state changes only through the
 * transitions below, which say what may follow what (QUEUED → RUNNING → SUCCEEDED, and FAILED from either active
 * state); {@link ImportJobStore#update} applies one under the job's row lock. The progress is not changed here: it is
 * committed with each stored batch ({@link BulkTransactionWriter}).
 */
public record ImportJob(
        UUID id,
        String tenantId,
        UUID accountId,
        StatementFile file,
        int statements,
        int entriesTotal,
        String createdBy,
        Instant createdAt,
        State state,
        Progress progress) {

    static final int MAX_ERROR_LENGTH = 2000;

    public enum Status {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    /**
     * The upload and how to read it: the format found by the check, the CSV mapping as given (preset or declared), the
     * name the client gave, its size, and where it waits (null once the job no longer needs it).
     */
    public record StatementFile(String format, String csvMapping, String name, long bytes, String path) {

        StatementFile released() {
            return new StatementFile(format, csvMapping, name, bytes, null);
        }
    }

    /** Where the job is: status, why it failed, when it started and finished. */
    public record State(Status status, String error, Instant startedAt, Instant finishedAt) {}

    /** What is stored so far: entries read (of {@link #entriesTotal}), and what became of them. */
    public record Progress(int entriesRead, int newTransactions, int duplicates, int rejected, int skipped) {
        static final Progress NONE = new Progress(0, 0, 0, 0, 0);
    }

    /** A job for a checked upload, waiting to be started. */
    static ImportJob queued(
            UUID id,
            String tenantId,
            UUID accountId,
            StatementFile file,
            int statements,
            int entriesTotal,
            String createdBy,
            Instant now) {
        return new ImportJob(
                id,
                tenantId,
                accountId,
                file,
                statements,
                entriesTotal,
                createdBy,
                now,
                new State(Status.QUEUED, null, null, null),
                Progress.NONE);
    }

    public Status status() {
        return state.status();
    }

    public boolean isQueued() {
        return status() == Status.QUEUED;
    }

    public boolean isRunning() {
        return status() == Status.RUNNING;
    }

    public boolean isActive() {
        return !status().finished();
    }

    /** QUEUED → RUNNING. */
    ImportJob start(Instant now) {
        require(isQueued(), "start");
        return with(file, new State(Status.RUNNING, null, now, null));
    }

    /** RUNNING → SUCCEEDED: every entry was read and stored; the upload is no longer needed. */
    ImportJob succeed(Instant now) {
        require(isRunning(), "complete");
        return with(file.released(), new State(Status.SUCCEEDED, null, state.startedAt(), now));
    }

    /** QUEUED or RUNNING → FAILED, saying why; what was stored stays stored. */
    ImportJob fail(String error, Instant now) {
        require(isActive(), "fail");
        String why = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        return with(file.released(), new State(Status.FAILED, why, state.startedAt(), now));
    }

    private ImportJob with(StatementFile f, State s) {
        return new ImportJob(id, tenantId, accountId, f, statements, entriesTotal, createdBy, createdAt, s, progress);
    }

    private void require(boolean allowed, String transition) {
        if (!allowed) {
            throw new IllegalStateException("cannot " + transition + " import job " + id + ": it is " + status());
        }
    }
}
