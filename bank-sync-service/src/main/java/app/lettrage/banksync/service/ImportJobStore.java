package app.lettrage.banksync.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The import jobs in table {@code import_job}, with the reasons of their first rejections. Every read by a person
 * names the tenant, so another tenant's job is not found. State changes are the job's own transitions, applied under
 * the job's row lock ({@link #update}); the progress counters are written with each batch by
 * {@link BulkTransactionWriter}.
 */
@ApplicationScoped
public class ImportJobStore {

    private static final Logger LOG = Logger.getLogger(ImportJobStore.class);

    private static final String COLUMNS =
            "id, tenant_id, account_id, status, format, csv_mapping, file_name, file_bytes, file_path, statements,"
                    + " entries_total, entries_read, new_transactions, duplicates, rejected, skipped, error, created_by,"
                    + " created_at, started_at, finished_at";

    private final Pool pool;
    private final int maxRejectionsRecorded;

    public ImportJobStore(
            Pool pool,
            @ConfigProperty(name = "lettrage.banksync.import.max-rejections-recorded", defaultValue = "1000")
                    int maxRejectionsRecorded) {
        this.pool = pool;
        this.maxRejectionsRecorded = maxRejectionsRecorded;
    }

    /** An entry not imported: its position in the file, the line where it starts, and why. */
    public record Rejection(int entry, Integer line, String reason) {}

    /** How many rejections a job records with their reasons (it counts them all). */
    public int maxRejectionsRecorded() {
        return maxRejectionsRecorded;
    }

    /** Records a new job; {@code owner} is the instance that will run it, beating for it from now on. */
    public Uni<Void> insert(ImportJob job, String owner) {
        ImportJob.StatementFile f = job.file();
        return pool.preparedQuery(
                        "INSERT INTO import_job (id, tenant_id, account_id, status, format, csv_mapping, file_name,"
                                + " file_bytes, file_path, statements, entries_total, created_by, created_at, heartbeat_at, owner)"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)")
                .execute(Tuple.from(Arrays.asList(
                        job.id(),
                        job.tenantId(),
                        job.accountId(),
                        job.status().name(),
                        f.format(),
                        f.csvMapping(),
                        f.name(),
                        f.bytes(),
                        f.path(),
                        job.statements(),
                        job.entriesTotal(),
                        job.createdBy(),
                        time(job.createdAt()),
                        owner)))
                .replaceWithVoid();
    }

    /** The tenant's job, or null. */
    public Uni<ImportJob> find(String tenantId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM import_job WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** An account's jobs, newest first. */
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

    /** The recorded rejections of a job, in file order. */
    public Uni<List<Rejection>> rejections(UUID jobId) {
        return pool.preparedQuery(
                        "SELECT entry, line, reason FROM import_job_rejection WHERE job_id = $1 ORDER BY entry LIMIT $2")
                .execute(Tuple.of(jobId, maxRejectionsRecorded))
                .map(rows -> {
                    List<Rejection> list = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        list.add(new Rejection(r.getInteger("entry"), r.getInteger("line"), r.getString("reason")));
                    }
                    return list;
                });
    }

    /**
     * Applies a transition of the job under its row lock, if the job is in a state {@code when} accepts; the job as
     * stored then, or null when it was not (anymore) in such a state.
     */
    public Uni<ImportJob> update(UUID id, Predicate<ImportJob> when, UnaryOperator<ImportJob> change) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT " + COLUMNS + " FROM import_job WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    ImportJob job = job(rows.iterator().next());
                    if (!when.test(job)) {
                        return Uni.createFrom().nullItem();
                    }
                    ImportJob changed = change.apply(job);
                    return write(conn, changed).replaceWith(changed);
                }));
    }

    private static Uni<Void> write(SqlConnection conn, ImportJob job) {
        ImportJob.State s = job.state();
        return conn.preparedQuery("UPDATE import_job SET status = $2, error = $3, started_at = $4, finished_at = $5,"
                        + " file_path = $6, heartbeat_at = now() WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(
                        job.id(),
                        s.status().name(),
                        s.error(),
                        time(s.startedAt()),
                        time(s.finishedAt()),
                        job.file().path())))
                .replaceWithVoid();
    }

    /** Refreshes the heartbeat of the given active jobs. */
    public Uni<Void> heartbeat(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE import_job SET heartbeat_at = now() WHERE id = ANY($1)"
                        + " AND status IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(ids.toArray(new UUID[0])))
                .replaceWithVoid();
    }

    /** Marks FAILED with {@code error} the given jobs that are still active. */
    public Uni<Void> failActive(Collection<UUID> ids, String error) {
        return pool.preparedQuery(
                        "UPDATE import_job SET status = 'FAILED', error = $2, finished_at = now(), file_path = null"
                                + " WHERE id = ANY($1) AND status IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(ids.toArray(new UUID[0]), error))
                .replaceWithVoid();
    }

    /** Marks FAILED with {@code error} every active job whose heartbeat stopped longer than {@code staleAfter} ago. */
    public Uni<Integer> failStale(Duration staleAfter, String error) {
        return pool.preparedQuery(
                        "UPDATE import_job SET status = 'FAILED', error = $2, finished_at = now(), file_path = null"
                                + " WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_at < now() - make_interval(secs => $1)"
                                + " RETURNING id, owner")
                .execute(Tuple.of(staleAfter.toMillis() / 1000.0, error))
                .map(rows -> {
                    for (Row r : rows) {
                        LOG.warnf(
                                "import job %s (instance %s) stopped sending heartbeats: marked FAILED",
                                r.getUUID("id"), r.getString("owner"));
                    }
                    return rows.rowCount();
                });
    }

    private static ImportJob job(Row r) {
        return new ImportJob(
                r.getUUID("id"),
                r.getString("tenant_id"),
                r.getUUID("account_id"),
                new ImportJob.StatementFile(
                        r.getString("format"),
                        r.getString("csv_mapping"),
                        r.getString("file_name"),
                        r.getLong("file_bytes"),
                        r.getString("file_path")),
                r.getInteger("statements"),
                r.getInteger("entries_total"),
                r.getString("created_by"),
                instant(r, "created_at"),
                new ImportJob.State(
                        ImportJob.Status.valueOf(r.getString("status")),
                        r.getString("error"),
                        instant(r, "started_at"),
                        instant(r, "finished_at")),
                new ImportJob.Progress(
                        r.getInteger("entries_read"),
                        r.getInteger("new_transactions"),
                        r.getInteger("duplicates"),
                        r.getInteger("rejected"),
                        r.getInteger("skipped")));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
