package app.lettrage.platform.outbox;

import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.LettrageEvent;
import app.lettrage.platform.sql.SqlRows;
import app.lettrage.platform.tracing.TraceParent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes an event into the outbox table in the caller's transaction: call it inside the {@code @WithTransaction}
 * that makes the state change, and the event exists exactly when the change does. The relay publishes it, later
 * and from its own loop: so the row also keeps the W3C traceparent of the span that wrote it (the REST call's, or
 * the consumed event's), and the relay publishes the event in that trace.
 */
@ApplicationScoped
public class Outbox {

    /** appendAll's columns: all plain parameters but the traceparent, typed so that a null binds too */
    private static final String[] COLUMN_TYPES = {null, null, null, null, null, null, null, null, null, "text"};

    /** Appends the event; returns the event id (the CloudEvents {@code id} consumers deduplicate on). */
    public Uni<UUID> append(String aggregateType, LettrageEvent event) {
        EventType type = event.eventType();
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateType = aggregateType;
        row.aggregateId = event.subject();
        row.eventType = type.ceType();
        row.tenantId = event.tenantId();
        row.topic = type.topic();
        row.messageKey = event.key();
        row.occurredAt = Instant.now();
        row.payload = EventJson.write(event);
        row.traceparent = TraceParent.current();
        return row.persist().replaceWith(row.id);
    }

    /**
     * Appends events with one multi-row INSERT, in list order (their publication order), in the caller's
     * transaction. For a consumer applying a batch: one statement instead of one per event.
     */
    public Uni<Void> appendAll(String aggregateType, List<? extends LettrageEvent> events) {
        Instant now = Instant.now();
        String traceparent = TraceParent.current();
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
                        EventType type = event.eventType();
                        q.setParameter(++p, UUID.randomUUID());
                        q.setParameter(++p, aggregateType);
                        q.setParameter(++p, event.subject());
                        q.setParameter(++p, type.ceType());
                        q.setParameter(++p, event.tenantId());
                        q.setParameter(++p, type.topic());
                        q.setParameter(++p, event.key());
                        q.setParameter(++p, now);
                        q.setParameter(++p, EventJson.write(event));
                        q.setParameter(++p, traceparent);
                    }
                    return q.executeUpdate();
                }));
    }
}
