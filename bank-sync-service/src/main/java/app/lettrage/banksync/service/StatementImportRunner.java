package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.platform.messaging.IncomingEvent;
import app.lettrage.platform.tracing.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one claimed import job on the calling thread: reads its upload again (the check already read it whole) and
 * stores the entries in batches ({@link ImportPass}) from the job's checkpoint on, then marks it SUCCEEDED, or FAILED
 * with the reason. Asked to stop, it releases the job at its checkpoint, QUEUED for any instance. Every change it
 * makes to the job is conditional on its run still holding the job, so a run that lost its lease changes nothing.
 */
@ApplicationScoped
public class StatementImportRunner {

    private static final Logger LOG = Logger.getLogger(StatementImportRunner.class);

    /** MDC key of the import job a log line was written for. */
    public static final String MDC_JOB = "jobId";

    static final String UPLOAD_GONE = "the import was interrupted and its upload is no longer stored (it was received"
            + " before uploads were kept in the database); upload the file again: transactions already stored are"
            + " recognised as duplicates";

    private final ImportJobStore jobs;
    private final ImportJobMetrics metrics;
    private final StatementUploads uploads;
    private final BulkTransactionWriter writer;
    private final AccountService accounts;
    private final Pool pool;
    private final Clock clock;
    private final Tracer tracer;
    private final int batchSize;
    private final int knownKeysMax;

    public StatementImportRunner(
            ImportJobStore jobs,
            ImportJobMetrics metrics,
            StatementUploads uploads,
            BulkTransactionWriter writer,
            AccountService accounts,
            Pool pool,
            Clock clock,
            Tracer tracer,
            @ConfigProperty(name = "lettrage.banksync.import.batch-size", defaultValue = "2000") int batchSize,
            @ConfigProperty(name = "lettrage.banksync.import.known-keys-max", defaultValue = "250000")
                    int knownKeysMax) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.uploads = uploads;
        this.writer = writer;
        this.accounts = accounts;
        this.pool = pool;
        this.clock = clock;
        this.tracer = tracer;
        this.batchSize = batchSize;
        this.knownKeysMax = knownKeysMax;
    }

    /**
     * Runs the job that the run {@code owner} claimed, until it ends or {@code stopRequested}. Blocking. It runs in a
     * span continuing the trace of the upload that queued the job (so its TransactionImported events, and what the
     * other services do with them, are in that trace), with the job's id and tenant in the MDC of its log lines.
     */
    public void run(ImportJob job, String owner, BooleanSupplier stopRequested) {
        String traceparent = null;
        try {
            traceparent = jobs.traceparent(job.id()).await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.debugf("import job %s: no trace context (%s)", job.id(), e.getMessage());
        }
        Span span = tracer.spanBuilder("statement import")
                .setParent(TraceParent.parent(traceparent))
                .setAttribute("lettrage.import_job.id", job.id().toString())
                .setAttribute("lettrage.tenant", job.tenantId())
                .startSpan();
        MDC.put(MDC_JOB, job.id().toString());
        MDC.put(IncomingEvent.MDC_TENANT, job.tenantId());
        Scope scope = span.makeCurrent();
        try {
            runInSpan(job, owner, stopRequested);
        } finally {
            scope.close();
            span.end();
            MDC.remove(MDC_JOB);
            MDC.remove(IncomingEvent.MDC_TENANT);
        }
    }

    private void runInSpan(ImportJob job, String owner, BooleanSupplier stopRequested) {
        try {
            if (job.file().uploadId() == null) {
                fail(job, owner, UPLOAD_GONE);
                return;
            }
            BankAccount account =
                    VertxContextSupport.subscribeAndAwait(() -> accounts.get(job.tenantId(), job.accountId()));
            if (account == null) {
                fail(job, owner, "the account " + job.accountId() + " no longer exists");
                return;
            }
            if (job.progress().entriesRead() > 0) {
                LOG.infof(
                        "import job %s resumes after entry %d",
                        job.id(), job.progress().entriesRead());
            }
            StatementSource source =
                    StatementSource.recorded(job.file().format(), job.file().csvMapping());
            ImportPass pass = new ImportPass(
                    writer,
                    job,
                    owner,
                    account,
                    knownKeys(account, job.file().firstBookingDate(), job.file().lastBookingDate()),
                    batchSize,
                    jobs.maxRejectionsRecorded(),
                    stopRequested);
            StatementFiles.read(uploads.open(job.file().uploadId()), source, account.iban, account.currency, pass);
            pass.finish();
            metrics.ended(jobs.update(job.id(), j -> j.heldBy(owner), j -> j.succeed(owner, clock.instant()))
                    .await()
                    .indefinitely());
        } catch (Throwable e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ImportPass.Stopped stopped) {
                release(job, owner, stopped.getMessage());
            } else if (cause instanceof ImportLeaseLost) {
                LOG.warnf("import job %s: %s", job.id(), cause.getMessage());
            } else {
                LOG.warnf(cause, "import job %s failed", job.id());
                fail(job, owner, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
        }
    }

    /** Puts the job back in the queue at its checkpoint; if that fails, its lease expires and it is claimed anyway. */
    private void release(ImportJob job, String owner, String where) {
        try {
            jobs.update(job.id(), j -> j.heldBy(owner), j -> j.release(owner, clock.instant()))
                    .await()
                    .atMost(Duration.ofSeconds(10));
            LOG.infof("import job %s released (%s): any instance resumes it", job.id(), where);
        } catch (RuntimeException e) {
            LOG.warnf("could not release import job %s, it is resumed when its lease expires: %s", job.id(), e);
        }
    }

    /** Marks the job FAILED if this run still holds it; logged when the database cannot be reached. */
    private void fail(ImportJob job, String owner, String error) {
        try {
            metrics.ended(jobs.update(job.id(), j -> j.heldBy(owner), j -> j.fail(error, clock.instant()))
                    .await()
                    .atMost(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "could not mark import job %s failed (another instance resumes it when its lease expires): %s",
                    job.id(), e.getMessage());
        }
    }

    /**
     * The dedup keys the account already holds over the file's dates, in one range scan of the account's booking-date
     * index, so that entries already stored (a re-import, an overlapping statement) are counted as duplicates without
     * being sent to the database again. Empty when the range holds more than {@code known-keys-max} rows (memory is
     * bounded; the insert's ON CONFLICT still recognises them) or the file has no importable entry. Only a shortcut:
     * a key stored after this read is still caught by the insert.
     */
    private Set<String> knownKeys(BankAccount account, LocalDate firstDate, LocalDate lastDate) {
        if (firstDate == null || knownKeysMax <= 0) {
            return Set.of();
        }
        RowSet<Row> rows = pool.preparedQuery(
                        "SELECT dedup_key FROM bank_transaction WHERE tenant_id = $1 AND account_id = $2"
                                + " AND booking_date BETWEEN $3 AND $4 LIMIT $5")
                .execute(Tuple.of(account.tenantId, account.id, firstDate, lastDate, knownKeysMax + 1))
                .await()
                .atMost(Duration.ofMinutes(2));
        if (rows.size() > knownKeysMax) {
            LOG.infof(
                    "account %s holds more than %d transactions between %s and %s: duplicates left to the insert",
                    account.id, knownKeysMax, firstDate, lastDate);
            return Set.of();
        }
        Set<String> keys = new HashSet<>(rows.size() * 2);
        for (Row r : rows) {
            keys.add(r.getString(0));
        }
        return keys;
    }
}
