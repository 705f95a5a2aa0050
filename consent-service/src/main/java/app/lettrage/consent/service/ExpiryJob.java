package app.lettrage.consent.service;

import app.lettrage.consent.config.ConsentConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;
import org.jboss.logging.Logger;

/**
 * Runs {@link ConsentFlowService#checkExpiry} every {@code lettrage.consent.expiry-check-every} (a Vert.x timer, on a
 * worker thread with a fresh context of its own). Several instances may run it: rows are locked while handled and
 * each notice is recorded on the consent, so none is published twice.
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class);

    private final ConsentFlowService flow;
    private final ConsentConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private long timer = -1;

    public ExpiryJob(ConsentFlowService flow, ConsentConfig config, Vertx vertx, Clock clock) {
        this.flow = flow;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    void start(@Observes StartupEvent ev) {
        timer = vertx.setPeriodic(
                config.expiryCheckEvery().toMillis(),
                id -> vertx.executeBlocking(io.smallrye.mutiny.Uni.createFrom().item(() -> {
                            runOnce(LocalDate.now(clock));
                            return null;
                        }))
                        .subscribe()
                        .with(x -> {}, e -> LOG.warnf("expiry check failed: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One run for the given day (tests pass the day they want; the timer passes today). Blocks: not on the event loop. */
    public ConsentFlowService.ExpiryRun runOnce(LocalDate today) {
        try {
            ConsentFlowService.ExpiryRun run = VertxContextSupport.subscribeAndAwait(() -> flow.checkExpiry(today));
            if (run.expiringNotices() + run.expired() > 0) {
                LOG.infof("expiry check %s: %d notice(s), %d expired", today, run.expiringNotices(), run.expired());
            }
            return run;
        } catch (Throwable e) {
            throw new IllegalStateException("expiry check failed", e);
        }
    }
}
