package app.lettrage.platform.outbox;

import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.LettrageEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes an event into the outbox table in the caller's transaction: call it inside the {@code @WithTransaction}
 * that makes the state change, and the event exists exactly when the change does. The relay publishes it.
 */
@ApplicationScoped
public class Outbox {

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
        return row.persist().replaceWith(row.id);
    }
}
