package app.lettrage.banksync.service;

import app.lettrage.banksync.service.BulkTransactionWriter.Rejection;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Statement imports as jobs. {@link #submit} (on a worker thread) checks the uploaded file as a whole, so a file that
 * cannot be read is a 422 before any job exists, then records the job QUEUED and hands it to a small pool of import
 * threads, which parse the file again and store it in batches ({@link BulkTransactionWriter}), the parse of the next
 * batch overlapping the write of the previous one.
 *
 * <p>While a job is QUEUED or RUNNING its instance refreshes its heartbeat; a sweeper (at start and then
 * periodically, on every instance) marks FAILED the jobs whose heartbeat stopped: their instance died or restarted,
 * and the upload waiting on its disk is gone with it. Re-uploading the file then imports what is missing (what was
 * stored is recognised as duplicate).
 */
@ApplicationScoped
public class ImportJobs {

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);

    private static final String COLUMNS =
            "id, account_id, status, format, csv_mapping, file_name, file_bytes, statements,"
                    + " entries_total, entries_read, new_transactions, duplicates, rejected, skipped, error, created_by,"
                    + " created_at, started_at, finished_at";

    static final String INTERRUPTED = "the import was interrupted (the service stopped or restarted while it ran);"
            + " upload the file again: transactions already stored are recognised as duplicates";

    private final Pool pool;
    private final BulkTransactionWriter writer;
    private final Vertx vertx;
    private final int batchSize;
    private final int knownKeysMax;
    private final int workers;
    private final int maxRejectionsRecorded;
    private final Path uploadDir;
    private final Duration heartbeatInterval;
    private final Duration staleAfter;
    private final String owner = UUID.randomUUID().toString();
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService executor;
    private long timerId = -1;

    public ImportJobs(
            Pool pool,
            BulkTransactionWriter writer,
            Vertx vertx,
            @ConfigProperty(name = "lettrage.banksync.import.batch-size", defaultValue = "2000") int batchSize,
            @ConfigProperty(name = "lettrage.banksync.import.known-keys-max", defaultValue = "250000") int knownKeysMax,
            @ConfigProperty(name = "lettrage.banksync.import.workers", defaultValue = "2") int workers,
            @ConfigProperty(name = "lettrage.banksync.import.max-rejections-recorded", defaultValue = "1000")
                    int maxRejectionsRecorded,
            @ConfigProperty(name = "lettrage.banksync.import.upload-dir") Path uploadDir,
            @ConfigProperty(name = "lettrage.banksync.import.heartbeat-interval", defaultValue = "10s")
                    Duration heartbeatInterval,
            @ConfigProperty(name = "lettrage.banksync.import.stale-after", defaultValue = "60s") Duration staleAfter) {
        this.pool = pool;
        this.writer = writer;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.knownKeysMax = knownKeysMax;
        this.workers = workers;
        this.maxRejectionsRecorded = maxRejectionsRecorded;
        this.uploadDir = uploadDir;
        this.heartbeatInterval = heartbeatInterval;
        this.staleAfter = staleAfter;
    }

    /** The account a job imports into. */
    public record Account(UUID id, String tenantId, String iban, String currency) {}

    /** An entry not imported: its position in the file, the line where it starts, and why. */
    public record RejectionView(int entry, Integer line, String reason) {}

    /** Room above the statement limit that the HTTP body limit keeps for a multipart envelope. */
    static final long ENVELOPE_BYTES = 1 << 20;

    void start(@Observes StartupEvent ev) throws IOException {
        checkLimits(
                ConfigProvider.getConfig().getValue("lettrage.banksync.max-statement-bytes", Long.class),
                ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                        .map(MemorySize::asLongValue)
                        .orElse(Long.MAX_VALUE));
        Files.createDirectories(uploadDir);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "statement-import-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        sweep().subscribe().with(x -> {}, e -> LOG.warnf("import job sweep failed: %s", e.getMessage()));
        timerId = vertx.setPeriodic(
                heartbeatInterval.toMillis(),
                id -> heartbeat()
                        .flatMap(x -> sweep())
                        .subscribe()
                        .with(x -> {}, e -> LOG.warnf("import job heartbeat failed: %s", e.getMessage())));
    }

    /**
     * The HTTP layer's body limit must exceed the statement limit by a multipart envelope: otherwise a file under the
     * statement limit would get Vert.x's bare 413 instead of the service's problem+json one.
     */
    public static void checkLimits(long maxStatementBytes, long maxBodyBytes) {
        if (maxBodyBytes < maxStatementBytes + ENVELOPE_BYTES) {
            throw new IllegalStateException(
                    "quarkus.http.limits.max-body-size (" + maxBodyBytes + " bytes) must be at least"
                            + " lettrage.banksync.max-statement-bytes (" + maxStatementBytes + ") + " + ENVELOPE_BYTES
                            + " bytes for a multipart envelope");
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        ExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
        }
        if (!active.isEmpty()) {
            try {
                pool.preparedQuery(
                                "UPDATE import_job SET status = 'FAILED', error = $2, finished_at = now(), file_path = null"
                                        + " WHERE id = ANY($1) AND status IN ('QUEUED', 'RUNNING')")
                        .execute(Tuple.of(active.toArray(new UUID[0]), INTERRUPTED))
                        .await()
                        .atMost(Duration.ofSeconds(5));
            } catch (RuntimeException x) {
                LOG.warnf(
                        "could not mark the running imports failed at shutdown (the sweeper will): %s", x.getMessage());
            }
        }
    }

    /** The tenant's account, or null. */
    public Uni<Account> account(String tenantId, UUID accountId) {
        return pool.preparedQuery(
                        "SELECT id, tenant_id, iban, currency FROM bank_account WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Account(
                            r.getUUID("id"), r.getString("tenant_id"), r.getString("iban"), r.getString("currency"));
                });
    }

    /**
     * Copies an upload to a file of its own, counting: past {@code maxBytes} it stops reading and answers 413, so
     * neither memory nor disk holds more than the limit. Blocking: call it on a worker thread.
     */
    public Path receive(InputStream body, long maxBytes) {
        Path file = newUploadFile();
        long total = 0;
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes, "more than " + maxBytes);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            delete(file);
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
        if (total == 0) {
            delete(file);
            throw ProblemException.badRequest("body", "is empty: send the statement file as the request body");
        }
        return file;
    }

    /** A copy of a file received otherwise (a multipart part), to be owned by the job. */
    public Path adopt(Path uploaded) {
        Path file = newUploadFile();
        try {
            Files.copy(uploaded, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        }
    }

    private Path newUploadFile() {
        try {
            Files.createDirectories(uploadDir);
            return Files.createTempFile(uploadDir, "statement-", ".upload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ProblemException tooLarge(long maxBytes, String size) {
        return new ProblemException(
                413,
                "statement-too-large",
                "Statement file too large",
                "a statement file holds at most " + maxBytes + " bytes, this one " + size + ": split it");
    }

    /**
     * Checks the whole file (422 naming the line when it cannot be read, or the statement of another account), then
     * records the job QUEUED and starts it. The file becomes the job's (deleted when it ends, or here on a 422).
     * Blocking: call it on a worker thread.
     */
    public ImportJob submit(Account account, StatementFiles.Source source, Path file, String fileName, String user) {
        StatementFiles.Checked checked;
        long bytes;
        try {
            bytes = Files.size(file);
            checked = StatementFiles.read(file, source, account.iban(), account.currency(), StatementFiles.COUNT_ONLY);
        } catch (IOException | RuntimeException e) {
            delete(file);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        }
        UUID id = UUID.randomUUID();
        String name = fileName == null || fileName.isBlank() ? null : cut(fileName.strip(), 255);
        try {
            pool.preparedQuery(
                            "INSERT INTO import_job (id, tenant_id, account_id, status, format, csv_mapping, file_name,"
                                    + " file_bytes, file_path, statements, entries_total, created_by, created_at, heartbeat_at, owner)"
                                    + " VALUES ($1, $2, $3, 'QUEUED', $4, $5, $6, $7, $8, $9, $10, $11, now(), now(), $12)")
                    .execute(Tuple.from(Arrays.asList(
                            id,
                            account.tenantId(),
                            account.id(),
                            checked.format().name(),
                            source.csvDescription(),
                            name,
                            bytes,
                            file.toString(),
                            checked.statements(),
                            checked.entries(),
                            user,
                            owner)))
                    .await()
                    .atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
        active.add(id);
        StatementFiles.Source resolved =
                new StatementFiles.Source(checked.format(), source.csv(), source.csvDescription());
        try {
            executor.execute(() -> run(id, account, resolved, file, checked.firstDate(), checked.lastDate()));
        } catch (RuntimeException e) { // shutting down
            active.remove(id);
            fail(id, INTERRUPTED);
            delete(file);
        }
        return find(account.tenantId(), id).await().atMost(Duration.ofSeconds(30));
    }

    /** The tenant's job with the reasons of its first rejections, or null. */
    public Uni<ImportJob> get(String tenantId, UUID id) {
        return find(tenantId, id)
                .flatMap(job -> job == null
                        ? Uni.createFrom().nullItem()
                        : pool.preparedQuery(
                                        "SELECT entry, line, reason FROM import_job_rejection WHERE job_id = $1 ORDER BY entry"
                                                + " LIMIT $2")
                                .execute(Tuple.of(id, maxRejectionsRecorded))
                                .map(rows -> {
                                    List<RejectionView> list = new ArrayList<>(rows.size());
                                    for (Row r : rows) {
                                        list.add(new RejectionView(
                                                r.getInteger("entry"), r.getInteger("line"), r.getString("reason")));
                                    }
                                    return job.withRejections(list);
                                }));
    }

    private Uni<ImportJob> find(String tenantId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM import_job WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** An account's jobs, newest first (without rejection reasons). */
    public Uni<List<ImportJob>> list(String tenantId, UUID accountId, int page, int size) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM import_job WHERE tenant_id = $1 AND account_id = $2"
                        + " ORDER BY created_at DESC, id LIMIT $3 OFFSET $4")
                .execute(Tuple.of(tenantId, accountId, size, (long) page * size))
                .map(rows -> {
                    List<ImportJob> list = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        list.add(job(r));
                    }
                    return list;
                });
    }

    private static ImportJob job(Row r) {
        return new ImportJob(
                r.getUUID("id"),
                r.getUUID("account_id"),
                ImportJob.Status.valueOf(r.getString("status")),
                r.getString("format"),
                r.getString("csv_mapping"),
                r.getString("file_name"),
                r.getLong("file_bytes"),
                r.getInteger("statements"),
                r.getInteger("entries_total"),
                r.getInteger("entries_read"),
                r.getInteger("new_transactions"),
                r.getInteger("duplicates"),
                r.getInteger("rejected"),
                r.getInteger("skipped"),
                r.getString("error"),
                r.getString("created_by"),
                instant(r, "created_at"),
                instant(r, "started_at"),
                instant(r, "finished_at"),
                null);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    /** Refreshes the heartbeat of this instance's jobs. */
    Uni<Void> heartbeat() {
        if (active.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE import_job SET heartbeat_at = now() WHERE id = ANY($1)"
                        + " AND status IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(active.toArray(new UUID[0])))
                .replaceWithVoid();
    }

    /** Marks FAILED every job whose heartbeat stopped longer than stale-after ago; returns how many. */
    public Uni<Integer> sweep() {
        return pool.preparedQuery(
                        "UPDATE import_job SET status = 'FAILED', error = $2, finished_at = now(), file_path = null"
                                + " WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_at < now() - make_interval(secs => $1)"
                                + " RETURNING id, owner")
                .execute(Tuple.of(staleAfter.toMillis() / 1000.0, INTERRUPTED))
                .map(rows -> {
                    for (Row r : rows) {
                        LOG.warnf(
                                "import job %s (instance %s) stopped sending heartbeats: marked FAILED",
                                r.getUUID("id"), r.getString("owner"));
                    }
                    return rows.rowCount();
                });
    }

    private void run(
            UUID id,
            Account account,
            StatementFiles.Source source,
            Path file,
            LocalDate firstDate,
            LocalDate lastDate) {
        try {
            int started = pool.preparedQuery(
                            "UPDATE import_job SET status = 'RUNNING', started_at = now(), heartbeat_at = now()"
                                    + " WHERE id = $1 AND status = 'QUEUED'")
                    .execute(Tuple.of(id))
                    .await()
                    .indefinitely()
                    .rowCount();
            if (started == 0) {
                return; // swept or failed meanwhile
            }
            JobRun run = new JobRun(id, account, knownKeys(account, firstDate, lastDate));
            StatementFiles.read(file, source, account.iban(), account.currency(), run);
            run.finish();
            pool.preparedQuery("UPDATE import_job SET status = 'SUCCEEDED', finished_at = now(), file_path = null,"
                            + " heartbeat_at = now() WHERE id = $1 AND status = 'RUNNING'")
                    .execute(Tuple.of(id))
                    .await()
                    .indefinitely();
        } catch (Throwable e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf(cause, "import job %s failed", id);
            fail(id, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } finally {
            active.remove(id);
            delete(file);
        }
    }

    /**
     * The dedup keys the account already holds over the file's dates, in one range scan of the account's booking-date
     * index, so that entries already stored (a re-import, an overlapping statement) are counted as duplicates without
     * being sent to the database again. Empty when the range holds more than {@code known-keys-max} rows (memory is
     * bounded; the insert's ON CONFLICT still recognises them) or the file has no importable entry. Only a shortcut:
     * a key stored after this read is still caught by the insert.
     */
    private Set<String> knownKeys(Account account, LocalDate firstDate, LocalDate lastDate) {
        if (firstDate == null || knownKeysMax <= 0) {
            return Set.of();
        }
        RowSet<Row> rows = pool.preparedQuery(
                        "SELECT dedup_key FROM bank_transaction WHERE tenant_id = $1 AND account_id = $2"
                                + " AND booking_date BETWEEN $3 AND $4 LIMIT $5")
                .execute(Tuple.of(account.tenantId(), account.id(), firstDate, lastDate, knownKeysMax + 1))
                .await()
                .atMost(Duration.ofMinutes(2));
        if (rows.size() > knownKeysMax) {
            LOG.infof(
                    "account %s holds more than %d transactions between %s and %s: duplicates left to the insert",
                    account.id(), knownKeysMax, firstDate, lastDate);
            return Set.of();
        }
        Set<String> keys = new HashSet<>(rows.size() * 2);
        for (Row r : rows) {
            keys.add(r.getString(0));
        }
        return keys;
    }

    private void fail(UUID id, String error) {
        try {
            pool.preparedQuery(
                            "UPDATE import_job SET status = 'FAILED', error = $2, finished_at = now(), file_path = null"
                                    + " WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')")
                    .execute(Tuple.of(id, cut(error, 2000)))
                    .await()
                    .atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.errorf("could not mark import job %s failed (the sweeper will): %s", id, e.getMessage());
        }
    }

    /** One job's pass over its file: keys assigned as entries stream by, stored in batches, one batch in flight. */
    private final class JobRun implements StatementFiles.EntryConsumer {
        private final UUID jobId;
        private final Account account;
        private final DedupKeys.FileKeys keys;
        private final Set<String> known;
        private int knownInBatch;
        private List<DedupKeys.Keyed> transactions = new ArrayList<>();
        private List<Rejection> rejections = new ArrayList<>();
        private int rejectedInBatch;
        private int skippedInBatch;
        private int entriesRead;
        private int rejectionsRecorded;
        private boolean flushed;
        private CompletableFuture<BulkTransactionWriter.Stored> inFlight;

        JobRun(UUID jobId, Account account, Set<String> known) {
            this.jobId = jobId;
            this.account = account;
            this.known = known;
            this.keys = new DedupKeys.FileKeys(account.id());
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

        private void maybeFlush() {
            if (transactions.size() + knownInBatch + rejectedInBatch + skippedInBatch >= batchSize) {
                flush();
            }
        }

        private void flush() {
            BulkTransactionWriter.Batch batch = new BulkTransactionWriter.Batch(
                    jobId,
                    account.tenantId(),
                    account.id(),
                    account.iban(),
                    account.currency(),
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

        void finish() {
            if (!flushed || !transactions.isEmpty() || knownInBatch > 0 || rejectedInBatch > 0 || skippedInBatch > 0) {
                flush();
            }
            awaitInFlight();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the upload %s: %s", file, e.getMessage());
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
