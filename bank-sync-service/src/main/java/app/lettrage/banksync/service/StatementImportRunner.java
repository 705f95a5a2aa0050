package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one import job on the calling thread: starts it, parses its file again (the check already read it whole) and
 * stores the entries in batches ({@link ImportPass}), then marks it SUCCEEDED, or FAILED with the reason.
 */
@ApplicationScoped
public class StatementImportRunner {

    private static final Logger LOG = Logger.getLogger(StatementImportRunner.class);

    private final ImportJobStore jobs;
    private final StatementUploads uploads;
    private final BulkTransactionWriter writer;
    private final Pool pool;
    private final Clock clock;
    private final int batchSize;
    private final int knownKeysMax;

    public StatementImportRunner(
            ImportJobStore jobs,
            StatementUploads uploads,
            BulkTransactionWriter writer,
            Pool pool,
            Clock clock,
            @ConfigProperty(name = "lettrage.banksync.import.batch-size", defaultValue = "2000") int batchSize,
            @ConfigProperty(name = "lettrage.banksync.import.known-keys-max", defaultValue = "250000")
                    int knownKeysMax) {
        this.jobs = jobs;
        this.uploads = uploads;
        this.writer = writer;
        this.pool = pool;
        this.clock = clock;
        this.batchSize = batchSize;
        this.knownKeysMax = knownKeysMax;
    }

    /**
     * Runs the queued job into the account; {@code firstDate}..{@code lastDate} are the booking dates the check found.
     * Blocking. The upload is deleted when it returns.
     */
    public void run(ImportJob queued, BankAccount account, LocalDate firstDate, LocalDate lastDate) {
        Path file = Path.of(queued.file().path());
        try {
            ImportJob job = jobs.update(queued.id(), ImportJob::isQueued, j -> j.start(clock.instant()))
                    .await()
                    .indefinitely();
            if (job == null) {
                return; // swept or failed meanwhile
            }
            StatementFiles.Source source =
                    StatementFiles.recorded(job.file().format(), job.file().csvMapping());
            ImportPass pass = new ImportPass(
                    writer,
                    job.id(),
                    account,
                    knownKeys(account, firstDate, lastDate),
                    batchSize,
                    jobs.maxRejectionsRecorded());
            StatementFiles.read(uploads.open(file), source, account.iban, account.currency, pass);
            pass.finish();
            jobs.update(job.id(), ImportJob::isRunning, j -> j.succeed(clock.instant()))
                    .await()
                    .indefinitely();
        } catch (Throwable e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf(cause, "import job %s failed", queued.id());
            fail(queued, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } finally {
            uploads.delete(file);
        }
    }

    /** Marks the job FAILED unless it already ended; logged when the database cannot be reached. */
    void fail(ImportJob job, String error) {
        try {
            jobs.update(job.id(), ImportJob::isActive, j -> j.fail(error, clock.instant()))
                    .await()
                    .atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.errorf("could not mark import job %s failed (the sweeper will): %s", job.id(), e.getMessage());
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
