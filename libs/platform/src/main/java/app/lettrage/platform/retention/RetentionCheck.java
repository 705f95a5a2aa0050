package app.lettrage.platform.retention;

import java.time.Duration;

/** Refuses a retention configuration that would delete what must stay. */
final class RetentionCheck {

    private RetentionCheck() {}

    static void check(RetentionConfig config) {
        if (config.inbox().compareTo(config.redeliveryWindow()) < 0) {
            throw new IllegalStateException("lettrage.retention.inbox (" + config.inbox()
                    + ") is shorter than lettrage.retention.redelivery-window (" + config.redeliveryWindow()
                    + "): an event delivered again after its id was purged would be applied twice. Keep the inbox"
                    + " at least as long as the retention of the topics this service consumes.");
        }
        positive("lettrage.retention.outbox", config.outbox());
        positive("lettrage.retention.inbox", config.inbox());
        positive("lettrage.retention.idempotency-keys", config.idempotencyKeys());
        if (config.batchSize() < 1) {
            throw new IllegalStateException(
                    "lettrage.retention.batch-size must be at least 1, not " + config.batchSize());
        }
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalStateException(name + " must be positive, not " + d);
        }
    }
}
