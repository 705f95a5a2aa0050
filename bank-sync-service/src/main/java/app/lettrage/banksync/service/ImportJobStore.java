package app.lettrage.banksync.service;

import app.lettrage.platform.tracing.TraceParent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The import jobs in table {@code import_job}, with the reasons of their first rejections. Every read by a person
 * names the tenant, so another tenant's job is not found. State changes are the job's own transitions, applied under
 * the job's row lock ({@link #update}, {@link #claimNext}); the progress counters are written with each batch by
 * {@link BulkTransactionWriter}, which also checks there that the batch's run still holds the job.
 */
@ApplicationScoped
public class ImportJobStore {

    private static final String COLUMNS =
            "id, tenant_id, account_id, status, format, csv_mapping, file_name, file_bytes, upload_id, statements,"
                    + " entries_total, entries_read, new_transactions, duplicates, rejected, skipped, error, created_by,"
                    + " created_at, started_at, finished_at, owner, heartbeat_at, first_booking_date, last_booking_date";

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

    private static final String USAGE = "SELECT count(*), coalesce(sum(u.bytes), 0) FROM import_job j"
            + " LEFT JOIN statement_upload u ON u.id = j.upload_id"
            + " WHERE j.tenant_id = $1 AND j.status IN ('QUEUED', 'RUNNING')";

    /** The tenant's unfinished jobs and the bytes of their uploads, as they stand (no lock: a first look). */
    public Uni<ImportQuota.Usage> usage(String tenantId) {
        return usage(pool, tenantId);
    }

    private static Uni<ImportQuota.Usage> usage(SqlClient client, String tenantId) {
        return client.preparedQuery(USAGE).execute(Tuple.of(tenantId)).map(rows -> {
            Row r = rows.iterator().next();
            return new ImportQuota.Usage(r.getLong(0), r.getLong(1));
        });
    }

    /**
     * Records a new job, QUEUED, if the tenant's quota leaves room for it: the next free worker of any instance claims
     * it. The count and the insert run under a transaction-scoped advisory lock on the tenant, so two uploads at the
     * last free place cannot both see it free: the second waits for the first to commit, then counts it.
     */
    public Uni<Void> insert(ImportJob job, ImportQuota quota) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("import-quota:" + job.tenantId()))
                .flatMap(x -> usage(conn, job.tenantId()))
                .invoke(usage -> quota.check(usage, job.file().bytes()))
                .flatMap(x -> insert(conn, job)));
    }

    private static Uni<Void> insert(SqlConnection conn, ImportJob job) {
        ImportJob.StatementFile f = job.file();
        return conn.preparedQuery(
                        "INSERT INTO import_job (id, tenant_id, account_id, status, format, csv_mapping, file_name,"
                                + " file_bytes, upload_id, statements, entries_total, created_by, created_at, heartbeat_at,"
                                + " first_booking_date, last_booking_date, traceparent)"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)")
                .execute(Tuple.from(Arrays.asList(
                        job.id(),
                        job.tenantId(),
                        job.accountId(),
                        job.status().name(),
                        f.format(),
                        f.csvMapping(),
                        f.name(),
                        f.bytes(),
                        f.uploadId(),
                        job.statements(),
                        job.entriesTotal(),
                        job.createdBy(),
                        time(job.createdAt()),
                        time(job.state().heartbeatAt()),
                        f.firstBookingDate(),
                        f.lastBookingDate(),
                        // the upload request's trace: the run that imports the job continues it
                        TraceParent.current())))
                .replaceWithVoid();
    }

    /** The W3C traceparent of the request that queued the job, or null. */
    public Uni<String> traceparent(UUID id) {
        return pool.preparedQuery("SELECT traceparent FROM import_job WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
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

    /** How many jobs of all tenants are in each status (ops' gauge, not a tenant's view). */
    public Uni<Map<String, Long>> countByStatus() {
        return pool.query("SELECT status, count(*) AS n FROM import_job GROUP BY status")
                .execute()
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put(r.getString("status"), r.getLong("n")));
                    return counts;
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
                    return write(conn, job, changed).replaceWith(changed);
                }));
    }

    /**
     * Claims the oldest job that can be run now, for {@code owner}: a QUEUED one, or a RUNNING one whose lease expired
     * (its instance died, or stopped before it could release it). Rows another transaction holds are skipped, so
     * instances claiming at once take different jobs. Null when there is none.
     */
    public Uni<ImportJob> claimNext(String owner, Instant now, Duration lease) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT " + COLUMNS + " FROM import_job"
                        + " WHERE status IN ('QUEUED', 'RUNNING')"
                        + " AND (status = 'QUEUED' AND upload_id IS NOT NULL OR heartbeat_at < $1)"
                        + " ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(time(now.minus(lease))))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    ImportJob job = job(rows.iterator().next());
                    ImportJob claimed = job.claim(owner, now, lease);
                    return write(conn, job, claimed).replaceWith(claimed);
                }));
    }

    /** Renews the leases the given runs hold; how many jobs they still hold. */
    public Uni<Integer> renew(Collection<String> owners, Instant now) {
        if (owners.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery(
                        "UPDATE import_job SET heartbeat_at = $2 WHERE status = 'RUNNING' AND owner = ANY($1)")
                .execute(Tuple.of(owners.toArray(new String[0]), time(now)))
                .map(rows -> rows.rowCount());
    }

    /** Writes the job's new state; an upload the job let go of is deleted in the same transaction. */
    private static Uni<Void> write(SqlConnection conn, ImportJob before, ImportJob job) {
        ImportJob.State s = job.state();
        UUID released = before.file().uploadId() != null && job.file().uploadId() == null
                ? before.file().uploadId()
                : null;
        return conn.preparedQuery("UPDATE import_job SET status = $2, error = $3, started_at = $4, finished_at = $5,"
                        + " upload_id = $6, owner = $7, heartbeat_at = $8 WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(
                        job.id(),
                        s.status().name(),
                        s.error(),
                        time(s.startedAt()),
                        time(s.finishedAt()),
                        job.file().uploadId(),
                        s.owner(),
                        time(s.heartbeatAt()))))
                .flatMap(x -> released == null
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("DELETE FROM statement_upload WHERE id = $1")
                                .execute(Tuple.of(released))
                                .replaceWithVoid());
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
                        r.getUUID("upload_id"),
                        r.getLocalDate("first_booking_date"),
                        r.getLocalDate("last_booking_date")),
                r.getInteger("statements"),
                r.getInteger("entries_total"),
                r.getString("created_by"),
                instant(r, "created_at"),
                new ImportJob.State(
                        ImportJob.Status.valueOf(r.getString("status")),
                        r.getString("error"),
                        instant(r, "started_at"),
                        instant(r, "finished_at"),
                        r.getString("owner"),
                        instant(r, "heartbeat_at")),
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
