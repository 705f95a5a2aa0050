package app.lettrage.platform.retention;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Ids of consumed events received longer ago than the inbox retention, which {@link RetentionCheck} keeps at least
 * as long as the redelivery window: an event that can still be delivered again keeps its id, and is deduplicated.
 */
@ApplicationScoped
public class InboxRetention implements RetentionRule {

    private final RetentionConfig config;

    public InboxRetention(RetentionConfig config) {
        this.config = config;
    }

    @Override
    public String table() {
        return "inbox_event";
    }

    @Override
    public Duration retention() {
        return config.inbox();
    }

    @Override
    public String deleteBatch() {
        return "DELETE FROM inbox_event WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM inbox_event"
                + " WHERE received_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)";
    }
}
