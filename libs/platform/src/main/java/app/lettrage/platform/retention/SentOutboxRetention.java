package app.lettrage.platform.retention;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Published outbox events older than the outbox retention. An event that was never published stays whatever its
 * age: deleting it would lose it for every consumer.
 */
@ApplicationScoped
public class SentOutboxRetention implements RetentionRule {

    private final RetentionConfig config;

    public SentOutboxRetention(RetentionConfig config) {
        this.config = config;
    }

    @Override
    public String table() {
        return "outbox_event";
    }

    @Override
    public Duration retention() {
        return config.outbox();
    }

    @Override
    public String deleteBatch() {
        // the partial index outbox_event_sent_occurred (R__platform_retention_indexes.sql) holds exactly these rows
        return "DELETE FROM outbox_event WHERE id IN (SELECT id FROM outbox_event"
                + " WHERE sent_at IS NOT NULL AND occurred_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)";
    }
}
