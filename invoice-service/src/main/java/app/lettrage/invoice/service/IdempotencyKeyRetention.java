package app.lettrage.invoice.service;

import app.lettrage.platform.retention.RetentionConfig;
import app.lettrage.platform.retention.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Idempotency-Key answers older than {@code lettrage.retention.idempotency-keys} (24 h): after that a retry with the
 * same key is a new request, as with Stripe. The table holds about a day of keys, so a batch's scan stays short
 * without an index on {@code created_at}.
 */
@ApplicationScoped
public class IdempotencyKeyRetention implements RetentionRule {

    private final RetentionConfig config;

    public IdempotencyKeyRetention(RetentionConfig config) {
        this.config = config;
    }

    @Override
    public String table() {
        return "idempotency_key";
    }

    @Override
    public Duration retention() {
        return config.idempotencyKeys();
    }

    @Override
    public String deleteBatch() {
        return "DELETE FROM idempotency_key WHERE (tenant_id, idem_key) IN (SELECT tenant_id, idem_key"
                + " FROM idempotency_key WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)";
    }
}
