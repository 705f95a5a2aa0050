package app.lettrage.banksync.sync;

import app.lettrage.platform.metrics.CountsByState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Arrays;

/**
 * The gauge {@code lettrage_sync_accounts{state}}: synced accounts of all tenants by {@link SyncAccount.Health}, so
 * that ops see accounts that stopped syncing (alert SyncAccountsFailing). Measured on a schedule
 * ({@code lettrage.banksync.sync.gauge-refresh}); every replica reports the whole database, so alerts take the max
 * over replicas.
 */
@ApplicationScoped
public class SyncAccountGauge {

    private final SyncAccountRepository accounts;
    private final Clock clock;
    private final CountsByState byHealth;

    public SyncAccountGauge(SyncAccountRepository accounts, Clock clock, MeterRegistry registry) {
        this.accounts = accounts;
        this.clock = clock;
        this.byHealth = new CountsByState(
                registry,
                "lettrage.sync.accounts",
                "accounts synced through a consent, of all tenants, by how their syncing goes",
                Arrays.stream(SyncAccount.Health.values()).map(Enum::name).toList());
    }

    /** Creates the gauge at start, before the first measure. */
    void start(@Observes StartupEvent ev) {}

    @Scheduled(
            identity = "sync-accounts-gauge",
            every = "{lettrage.banksync.sync.gauge-refresh}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return measure().onFailure().recoverWithItem(e -> {
            Log.warnf("sync accounts: measure failed, the gauge keeps the last one: %s", e.getMessage());
            return null;
        });
    }

    /** Counts the accounts by health now. */
    public Uni<Void> measure() {
        return accounts.countByHealth(clock.instant())
                .invoke(byHealth::measured)
                .replaceWithVoid();
    }
}
