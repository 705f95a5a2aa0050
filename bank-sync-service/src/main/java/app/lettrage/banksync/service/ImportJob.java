package app.lettrage.banksync.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A statement import: the uploaded file it reads, its state and its progress. Its state changes only through the
 * transitions below, which say what may follow what: QUEUED → RUNNING (claimed by one run, under a lease) →
 * SUCCEEDED; RUNNING → QUEUED (released at shutdown); FAILED from either active state; and a RUNNING job whose lease
 * expired (its instance died) may be claimed again. {@link ImportJobStore} applies a transition under the job's row
 * lock. The progress is not changed here: it is committed with each stored batch ({@link BulkTransactionWriter}), and
 * its {@code entriesRead} is the checkpoint a new run resumes from.
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
     * name the client gave, its size, the stored upload ({@link StatementUploads}; null once the job no longer needs
     * it), and the span of booking dates the check found (null when no entry can be imported).
     */
    public record StatementFile(
            String format,
            String csvMapping,
            String name,
            long bytes,
            UUID uploadId,
            LocalDate firstBookingDate,
            LocalDate lastBookingDate) {

        StatementFile released() {
            return new StatementFile(format, csvMapping, name, bytes, null, firstBookingDate, lastBookingDate);
        }
    }

    /**
     * Where the job is: status, why it failed, when it started and finished, and while RUNNING which run holds it
     * ({@code owner}) and when that run last proved alive ({@code heartbeatAt}): its lease lasts a lease duration
     * from there.
     */
    public record State(
            Status status, String error, Instant startedAt, Instant finishedAt, String owner, Instant heartbeatAt) {}

    /** What is stored so far: entries read (of {@link #entriesTotal}), and what became of them. */
    public record Progress(int entriesRead, int newTransactions, int duplicates, int rejected, int skipped) {
        static final Progress NONE = new Progress(0, 0, 0, 0, 0);
    }

    /** A job for a checked upload, waiting to be claimed. */
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
                new State(Status.QUEUED, null, null, null, null, now),
                Progress.NONE);
    }

    public Status status() {
        return state.status();
    }

    public boolean isActive() {
        return !status().finished();
    }

    /** Whether a run may take the job now: it waits, or the run that held it stopped renewing its lease. */
    public boolean claimableAt(Instant now, Duration lease) {
        return status() == Status.QUEUED
                || status() == Status.RUNNING
                        && (state.heartbeatAt() == null
                                || state.heartbeatAt().plus(lease).isBefore(now));
    }

    /** Whether the run {@code owner} holds the job. */
    public boolean heldBy(String owner) {
        return status() == Status.RUNNING && owner.equals(state.owner());
    }

    /** QUEUED, or RUNNING with an expired lease → RUNNING, held by {@code owner} from {@code now}. */
    public ImportJob claim(String owner, Instant now, Duration lease) {
        require(claimableAt(now, lease), "claim");
        Instant started = state.startedAt() == null ? now : state.startedAt();
        return with(file, new State(Status.RUNNING, null, started, null, owner, now));
    }

    /** RUNNING → QUEUED: the run stops at its checkpoint (shutdown), and any run may take the job from there. */
    public ImportJob release(String owner, Instant now) {
        require(heldBy(owner), "release");
        return with(file, new State(Status.QUEUED, null, state.startedAt(), null, null, now));
    }

    /** RUNNING → SUCCEEDED: every entry was read and stored; the upload is no longer needed. */
    public ImportJob succeed(String owner, Instant now) {
        require(heldBy(owner), "complete");
        return with(file.released(), new State(Status.SUCCEEDED, null, state.startedAt(), now, null, now));
    }

    /** QUEUED or RUNNING → FAILED, saying why; what was stored stays stored. */
    public ImportJob fail(String error, Instant now) {
        require(isActive(), "fail");
        String why = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        return with(file.released(), new State(Status.FAILED, why, state.startedAt(), now, null, now));
    }

    private ImportJob with(StatementFile f, State s) {
        return new ImportJob(id, tenantId, accountId, f, statements, entriesTotal, createdBy, createdAt, s, progress);
    }

    private void require(boolean allowed, String transition) {
        if (!allowed) {
            throw new IllegalStateException("cannot " + transition + " import job " + id + ": it is " + status()
                    + (state.owner() == null ? "" : " held by " + state.owner()));
        }
    }
}
