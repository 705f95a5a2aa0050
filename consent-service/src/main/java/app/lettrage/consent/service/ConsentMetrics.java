package app.lettrage.consent.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Consents changed, by action; a use case counts a change once its transaction has committed, never a step in it. */
@ApplicationScoped
public class ConsentMetrics {

    private final Counter granted;
    private final Counter revoked;

    public ConsentMetrics(MeterRegistry metrics) {
        this.granted = counter(metrics, "granted");
        this.revoked = counter(metrics, "revoked");
    }

    private static Counter counter(MeterRegistry metrics, String action) {
        return Counter.builder("lettrage.consents")
                .description("consents changed, by action (committed changes only)")
                .tag("action", action)
                .register(metrics);
    }

    public void granted() {
        granted.increment();
    }

    public void revoked() {
        revoked.increment();
    }
}
