package app.lettrage.banksync.sync;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Every {@code lettrage.banksync.sync.tick}, syncs the accounts due (one run at a time per instance). */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SyncOneAccount sync;
    private final SyncAccountRepository syncAccounts;
    private final SyncConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public SyncScheduler(
            SyncOneAccount sync, SyncAccountRepository syncAccounts, SyncConfig config, Clock clock, Vertx vertx) {
        this.sync = sync;
        this.syncAccounts = syncAccounts;
        this.config = config;
        this.clock = clock;
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
                            return VertxContextSupport.subscribeAndAwait(this::syncDue);
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

    /** Syncs every account due (unattended); returns how many calls were made. */
    Uni<Integer> syncDue() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> syncAccounts.due(now.minus(config.minInterval()), now, 200))
                .flatMap(list -> Multi.createFrom()
                        .iterable(list)
                        .onItem()
                        .transformToUniAndConcatenate(s -> sync.sync(s.tenantId, s.id, null)
                                .onFailure()
                                .recoverWithItem(e -> {
                                    LOG.warnf("sync of account %s failed: %s", s.id, e.getMessage());
                                    return new SyncOneAccount.Result(s, false, 0, 0, 0, e.getMessage());
                                }))
                        .collect()
                        .asList())
                .map(results -> (int)
                        results.stream().filter(SyncOneAccount.Result::called).count());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
