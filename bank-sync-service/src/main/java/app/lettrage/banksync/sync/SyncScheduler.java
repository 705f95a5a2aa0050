package app.lettrage.banksync.sync;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Every {@code lettrage.banksync.sync.tick}, syncs the accounts due (one run at a time per instance). */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SyncService sync;
    private final SyncConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public SyncScheduler(SyncService sync, SyncConfig config, Vertx vertx) {
        this.sync = sync;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        if (config.tick().isZero() || config.tick().isNegative()) {
            return;
        }
        timer = vertx.setPeriodic(config.tick().toMillis(), id -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(Uni.createFrom().item(() -> {
                        try {
                            return VertxContextSupport.subscribeAndAwait(sync::syncDue);
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                    }))
                    .subscribe()
                    .with(
                            n -> {
                                running.set(false);
                                if (n > 0) {
                                    LOG.infof("scheduled sync: %d account(s) read", n);
                                }
                            },
                            e -> {
                                running.set(false);
                                LOG.warnf("scheduled sync failed: %s", e.getMessage());
                            });
        });
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
