package app.lettrage.platform.outbox;

import app.lettrage.platform.admin.AdminAudit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Publishes again a tenant's events that already left this service's outbox, from a point in time: for a subscriber
 * that lost data (a restored backup, a wiped projection). The rows go back to unsent, and the relay publishes them
 * again in their original order, with their original ids: a subscriber's inbox skips those it still has, and applies
 * the rest. At most {@link #MAX_EVENTS} events a call, the earliest first; {@code next} says where to go on. Only rows
 * the retention purge has not deleted yet can be republished. The audit row is written in the same transaction.
 */
@ApplicationScoped
public class OutboxRepublish {

    /** The most events one call puts back in the queue: the relay publishes them ahead of anything newer. */
    public static final int MAX_EVENTS = 10_000;

    private static final String REPUBLISH = """
            WITH picked AS (
                SELECT id FROM outbox_event
                WHERE tenant_id = $1 AND sent_at IS NOT NULL AND occurred_at >= $2
                ORDER BY occurred_at, seq LIMIT $3 FOR UPDATE),
            requeued AS (
                UPDATE outbox_event o SET sent_at = NULL FROM picked WHERE o.id = picked.id RETURNING o.id)
            SELECT (SELECT count(*) FROM requeued) AS republished,
                (SELECT min(occurred_at) FROM outbox_event
                 WHERE tenant_id = $1 AND sent_at IS NOT NULL AND occurred_at >= $2
                     AND id NOT IN (SELECT id FROM picked)) AS next""";

    private final Pool pool;
    private final AdminAudit audit;

    public OutboxRepublish(Pool pool, AdminAudit audit) {
        this.pool = pool;
        this.audit = audit;
    }

    /** How many events went back to the queue, and where a next call starts when there were more (else null). */
    public record Republished(Instant from, long republished, Instant next) {}

    public Uni<Republished> republish(String tenantId, Instant from, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(REPUBLISH)
                .execute(Tuple.of(tenantId, OffsetDateTime.ofInstant(from, ZoneOffset.UTC), MAX_EVENTS))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime next = row.getOffsetDateTime("next");
                    return new Republished(from, row.getLong("republished"), next == null ? null : next.toInstant());
                })
                .call(r -> audit.record(
                        conn,
                        actor,
                        tenantId,
                        AdminAudit.REPUBLISH,
                        "outbox from " + from,
                        r.republished() + " events" + (r.next() == null ? "" : ", more from " + r.next())))
                // wake the relays at commit, as an insert does (R__platform_outbox_notify.sql)
                .call(r -> conn.query("SELECT pg_notify('lettrage_outbox', '')").execute()));
    }
}
