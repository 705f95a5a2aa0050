package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.service.BulkTransactionWriter.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One job's pass over its file: dedup keys assigned as the entries stream by, stored in batches of {@code batchSize}
 * entries, one batch in flight while the next one is read. Each batch carries the entry number it reaches, committed
 * with it, so the job's counters always say what is stored.
 */
final class ImportPass implements StatementFiles.EntryConsumer {

    private final BulkTransactionWriter writer;
    private final UUID jobId;
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
     * @param known the dedup keys the account was found to hold already: entries with one of them are counted as
     *     duplicates without being sent to the database again
     */
    ImportPass(
            BulkTransactionWriter writer,
            UUID jobId,
            BankAccount account,
            Set<String> known,
            int batchSize,
            int maxRejectionsRecorded) {
        this.writer = writer;
        this.jobId = jobId;
        this.account = account;
        this.known = known;
        this.batchSize = batchSize;
        this.maxRejectionsRecorded = maxRejectionsRecorded;
        this.keys = new DedupKeys.FileKeys(account.id);
    }

    @Override
    public void transaction(int entry, long line, IncomingTransaction transaction) {
        entriesRead = entry;
        DedupKeys.Keyed keyed = keys.next(transaction);
        if (known.contains(keyed.dedupKey())) {
            knownInBatch++;
        } else {
            transactions.add(keyed);
        }
        maybeFlush();
    }

    @Override
    public void rejected(int entry, long line, String reason) {
        entriesRead = entry;
        rejectedInBatch++;
        if (rejectionsRecorded < maxRejectionsRecorded) {
            rejectionsRecorded++;
            rejections.add(new Rejection(entry, line, reason));
        }
        maybeFlush();
    }

    @Override
    public void skipped(int entry, long line) {
        entriesRead = entry;
        skippedInBatch++;
        maybeFlush();
    }

    /** Stores what is left and waits for the last batch: the file was read to its end. */
    void finish() {
        if (!flushed || !transactions.isEmpty() || knownInBatch > 0 || rejectedInBatch > 0 || skippedInBatch > 0) {
            flush();
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
