package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.service.BulkTransactionWriter.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One run's pass over its job's file: dedup keys assigned as the entries stream by, stored in batches of
 * {@code batchSize} entries, one batch in flight while the next one is read. Each batch carries the entry number it
 * reaches, committed with it, so the job's counters always say what is stored.
 *
 * <p>A run that resumes a job reads the file from its start again but stores nothing up to the job's checkpoint (the
 * entries read by the batches already committed): those entries only go through the dedup keys, so that an entry
 * after the checkpoint gets the same occurrence number, hence the same key, as in an uninterrupted run. When asked
 * to stop (shutdown), the pass stores what it has read, waits for it, and throws {@link Stopped}: the job's
 * checkpoint is then where it stopped.
 */
final class ImportPass implements StatementFiles.EntryConsumer {

    /** The pass stopped at a committed checkpoint because it was asked to. */
    static final class Stopped extends RuntimeException {
        Stopped(int entriesRead) {
            super("stopped after entry " + entriesRead, null, false, false);
        }
    }

    private final BulkTransactionWriter writer;
    private final UUID jobId;
    private final String owner;
    private final int resumeAfter;
    private final BooleanSupplier stopRequested;
    private final BankAccount account;
    private final DedupKeys.FileKeys keys;
    private final Set<String> known;
    private final int batchSize;
    private final int maxRejectionsRecorded;
    private int knownInBatch;
    private List<DedupKeys.Keyed> transactions = new ArrayList<>();
    private List<Rejection> rejections = new ArrayList<>();
    private int rejectedInBatch;
    private int skippedInBatch;
    private int entriesRead;
    private int rejectionsRecorded;
    private boolean flushed;
    private CompletableFuture<BulkTransactionWriter.Stored> inFlight;

    /**
     * @param job the job as claimed by the run {@code owner}: its progress is where the pass resumes
     * @param known the dedup keys the account was found to hold already: entries with one of them are counted as
     *     duplicates without being sent to the database again
     * @param stopRequested asked before each entry after the checkpoint
     */
    ImportPass(
            BulkTransactionWriter writer,
            ImportJob job,
            String owner,
            BankAccount account,
            Set<String> known,
            int batchSize,
            int maxRejectionsRecorded,
            BooleanSupplier stopRequested) {
        this.writer = writer;
        this.jobId = job.id();
        this.owner = owner;
        this.resumeAfter = job.progress().entriesRead();
        this.entriesRead = resumeAfter;
        this.rejectionsRecorded = Math.min(job.progress().rejected(), maxRejectionsRecorded);
        this.stopRequested = stopRequested;
        this.account = account;
        this.known = known;
        this.batchSize = batchSize;
        this.maxRejectionsRecorded = maxRejectionsRecorded;
        this.keys = new DedupKeys.FileKeys(account.id);
    }

    @Override
    public void transaction(int entry, long line, IncomingTransaction transaction) {
        DedupKeys.Keyed keyed = keys.next(transaction); // before the checkpoint too: it numbers the occurrences
        if (!pastCheckpoint(entry)) {
            return;
        }
        if (known.contains(keyed.dedupKey())) {
            knownInBatch++;
        } else {
            transactions.add(keyed);
        }
        maybeFlush();
    }

    @Override
    public void rejected(int entry, long line, String reason) {
        if (!pastCheckpoint(entry)) {
            return;
        }
        rejectedInBatch++;
        if (rejectionsRecorded < maxRejectionsRecorded) {
            rejectionsRecorded++;
            rejections.add(new Rejection(entry, line, reason));
        }
        maybeFlush();
    }

    @Override
    public void skipped(int entry, long line) {
        if (!pastCheckpoint(entry)) {
            return;
        }
        skippedInBatch++;
        maybeFlush();
    }

    /**
     * False for an entry a committed batch already counted. Otherwise the entry is read, unless a stop was asked: then
     * what was read before it is stored and the pass stops.
     */
    private boolean pastCheckpoint(int entry) {
        if (entry <= resumeAfter) {
            return false;
        }
        if (stopRequested.getAsBoolean()) {
            if (pending()) {
                flush();
            }
            awaitInFlight();
            throw new Stopped(entriesRead);
        }
        entriesRead = entry;
        return true;
    }

    private boolean pending() {
        return !transactions.isEmpty() || knownInBatch > 0 || rejectedInBatch > 0 || skippedInBatch > 0;
    }

    /** Stores what is left and waits for the last batch: the file was read to its end. */
    void finish() {
        if (!flushed || pending()) {
            flush(); // at least one batch, if empty: it checks that this run still holds the job
        }
        awaitInFlight();
    }

    private void maybeFlush() {
        if (transactions.size() + knownInBatch + rejectedInBatch + skippedInBatch >= batchSize) {
            flush();
        }
    }

    private void flush() {
        BulkTransactionWriter.Batch batch = new BulkTransactionWriter.Batch(
                jobId,
                owner,
                account.tenantId,
                account.id,
                account.iban,
                account.currency,
                transactions,
                knownInBatch,
                rejections,
                entriesRead,
                rejectedInBatch,
                skippedInBatch);
        transactions = new ArrayList<>();
        knownInBatch = 0;
        rejections = new ArrayList<>();
        rejectedInBatch = 0;
        skippedInBatch = 0;
        flushed = true;
        awaitInFlight();
        inFlight = writer.store(batch).subscribeAsCompletionStage();
    }

    private void awaitInFlight() {
        if (inFlight != null) {
            inFlight.join();
            inFlight = null;
        }
    }
}
