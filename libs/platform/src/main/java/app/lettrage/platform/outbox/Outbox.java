package app.lettrage.platform.outbox;

import app.lettrage.events.LettrageEvent;
import app.lettrage.platform.sql.SqlRows;
import app.lettrage.platform.tracing.TraceParent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table in the caller's transaction: call it inside the transaction that makes the
 * state change, and the event exists exactly when the change does. The relay publishes it; the table's commit trigger
 * ({@code R__platform_outbox_notify.sql}) wakes the relay once the transaction commits, whichever method wrote the rows.
 * The relay publishes later, from its own loop: so each row also keeps the W3C traceparent of the span that wrote it
 * (the REST call's, or the consumed event's), and the relay publishes the event in that trace.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT_UNNEST = """
            INSERT INTO outbox_event (id, aggregate_type, aggregate_id, event_type, tenant_id, topic, message_key,
                occurred_at, payload, traceparent)
            SELECT u.id::uuid, $1, u.aggregate_id, u.event_type, u.tenant_id, u.topic, u.message_key, $2, u.payload,
                u.traceparent
            FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                WITH ORDINALITY AS u(id, aggregate_id, event_type, tenant_id, topic, message_key, payload, traceparent,
                    ord)
            ORDER BY u.ord""";

    /** appendAll's columns: all plain parameters but the traceparent, typed so that a null binds too */
    private static final String[] COLUMN_TYPES = {null, null, null, null, null, null, null, null, null, "text"};

    /** when an event occurred is the service's clock, as every other time it stores (and its tests set) */
    private final Clock clock;

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    /** Appends the event; returns the event id (the CloudEvents {@code id} consumers deduplicate on). */
    public Uni<UUID> append(String aggregateType, LettrageEvent event) {
        OutboxEvent row = OutboxEvent.of(aggregateType, event, clock.instant());
        return row.persist().replaceWith(row.id);
    }

    /**
     * Appends events with one multi-row INSERT, in list order (their publication order), in the caller's
     * transaction. For a consumer applying a batch: one statement instead of one per event.
     */
    public Uni<Void> appendAll(String aggregateType, List<? extends LettrageEvent> events) {
        Instant now = clock.instant();
        return SqlRows.inChunks(
                events,
                10,
                chunk -> Panache.getSession().flatMap(s -> {
                    var q = s.createNativeQuery(
                            "INSERT INTO outbox_event (id, aggregate_type, aggregate_id, event_type, tenant_id,"
                                    + " topic, message_key, occurred_at, payload, traceparent) VALUES "
                                    + SqlRows.values(chunk.size(), COLUMN_TYPES));
                    int p = 0;
                    for (LettrageEvent event : chunk) {
                        OutboxEvent row = OutboxEvent.of(aggregateType, event, now);
                        q.setParameter(++p, row.id);
                        q.setParameter(++p, row.aggregateType);
                        q.setParameter(++p, row.aggregateId);
                        q.setParameter(++p, row.eventType);
                        q.setParameter(++p, row.tenantId);
                        q.setParameter(++p, row.topic);
                        q.setParameter(++p, row.messageKey);
                        q.setParameter(++p, row.occurredAt);
                        q.setParameter(++p, row.payload);
                        q.setParameter(++p, row.traceparent);
                    }
                    return q.executeUpdate();
                }));
    }

    /**
     * Appends events on {@code connection}, in the transaction open on it, for a writer that works set-based on a
     * Vert.x connection rather than a Hibernate session (a statement import's batches): one INSERT of arrays
     * ({@code unnest}) whatever the number of events, so the statement's parameters do not grow with the batch, in
     * list order (their publication order). Nothing is written if that transaction rolls back. Static: it needs no
     * state but the caller's connection; the caller says when the events occurred, from its clock.
     */
    public static Uni<Void> appendAll(
            SqlConnection connection, String aggregateType, List<? extends LettrageEvent> events, Instant occurredAt) {
        return appendAll(connection, aggregateType, events, occurredAt, TraceParent.current());
    }

    /**
     * As {@link #appendAll(SqlConnection, String, List, Instant)}, in the trace {@code traceparent} names: a caller
     * that reaches the connection on another thread than its span's reads the traceparent before and passes it here.
     */
    public static Uni<Void> appendAll(
            SqlConnection connection,
            String aggregateType,
            List<? extends LettrageEvent> events,
            Instant occurredAt,
            String traceparent) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        String[][] cols = new String[8][n];
        for (int i = 0; i < n; i++) {
            OutboxEvent row = OutboxEvent.of(aggregateType, events.get(i), occurredAt);
            cols[0][i] = row.id.toString();
            cols[1][i] = row.aggregateId;
            cols[2][i] = row.eventType;
            cols[3][i] = row.tenantId;
            cols[4][i] = row.topic;
            cols[5][i] = row.messageKey;
            cols[6][i] = row.payload;
            cols[7][i] = traceparent;
        }
        return connection
                .preparedQuery(INSERT_UNNEST)
                .execute(Tuple.from(List.of(
                        aggregateType,
                        OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC),
                        cols[0],
                        cols[1],
                        cols[2],
                        cols[3],
                        cols[4],
                        cols[5],
                        cols[6],
                        cols[7])))
                .replaceWithVoid();
    }
}
