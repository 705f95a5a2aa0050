package app.lettrage.consent.service;

import app.lettrage.consent.service.ExpireConsents.ExpiryRun;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;

/**
 * Runs the expiry check ({@link ExpireConsents#onDay}) for today, every {@code lettrage.consent.expiry-check-every}
 * from one interval after startup, on a worker thread; a check still running when the next is due is not doubled.
 */
@ApplicationScoped
public class ExpiryJob {

    private final ExpireConsents expire;
    private final Clock clock;

    public ExpiryJob(ExpireConsents expire, Clock clock) {
        this.expire = expire;
        this.clock = clock;
    }

    @Scheduled(
            identity = "consent-expiry",
            every = "{lettrage.consent.expiry-check-every}",
            delayed = "{lettrage.consent.expiry-check-every}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void check() {
        try {
            runOnce(LocalDate.now(clock));
        } catch (RuntimeException e) {
            Log.warnf(
                    "expiry check failed: %s",
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
    }

    /** One check for the given day (tests pass the day they want). Blocks: not on the event loop. */
    public ExpiryRun runOnce(LocalDate today) {
        try {
            ExpiryRun run = VertxContextSupport.subscribeAndAwait(() -> expire.onDay(today));
            if (run.expiringNotices() + run.expired() > 0) {
                Log.infof("expiry check %s: %d notice(s), %d expired", today, run.expiringNotices(), run.expired());
            }
            return run;
        } catch (Throwable e) {
            throw new IllegalStateException("expiry check failed", e);
        }
    }
}
