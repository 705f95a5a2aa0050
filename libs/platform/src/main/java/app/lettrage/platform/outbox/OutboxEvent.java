package app.lettrage.platform.outbox;

import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.LettrageEvent;
import app.lettrage.platform.tracing.TraceParent;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One event waiting for (or done with) publication; columns as Debezium's outbox, plus Kafka topic and key. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "aggregate_type", nullable = false)
    public String aggregateType;

    @Column(name = "aggregate_id", nullable = false)
    public String aggregateId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String payload;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** The W3C traceparent of the span that wrote the row (null outside one): the relay publishes in its trace. */
    @Column(name = "traceparent")
    public String traceparent;

    /**
     * The unsent row of {@code event}, with a new event id: every way of writing the outbox (one event, a batch on the
     * session, a batch on a connection) takes its columns from here, so the relay reads the same row whichever wrote it.
     */
    public static OutboxEvent of(String aggregateType, LettrageEvent event, Instant occurredAt) {
        EventType type = event.eventType();
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateType = aggregateType;
        row.aggregateId = event.subject();
        row.eventType = type.ceType();
        row.tenantId = event.tenantId();
        row.topic = type.topic();
        row.messageKey = event.key();
        row.occurredAt = occurredAt;
        row.payload = EventJson.write(event);
        row.traceparent = TraceParent.current();
        return row;
    }
}
