package app.lettrage.banksync.sync;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Every {@code lettrage.banksync.sync.tick} ({@code off}: never), syncs the accounts due. A tick that comes while the
 * previous run is still reading is skipped, so one instance never runs two at once (each account's call is also
 * reserved under its row lock, so several instances do not call twice either).
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    /** The job's identity, as the scheduler reports its executions and skips. */
    public static final String IDENTITY = "open-banking-sync";

    private final SyncOneAccount sync;
    private final SyncAccountRepository syncAccounts;
    private final SyncConfig config;
    private final Clock clock;

    public SyncScheduler(SyncOneAccount sync, SyncAccountRepository syncAccounts, SyncConfig config, Clock clock) {
        this.sync = sync;
        this.syncAccounts = syncAccounts;
        this.config = config;
        this.clock = clock;
    }

    /** Blocking, on a worker thread: a run waits for consent-service's reads, one account after the other. */
    @Scheduled(
            identity = IDENTITY,
            every = "{lettrage.banksync.sync.tick}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void tick() throws Throwable {
        int n = VertxContextSupport.subscribeAndAwait(this::syncDue);
        if (n > 0) {
            LOG.infof("scheduled sync: %d account(s) read", n);
        }
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
}
