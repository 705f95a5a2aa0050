package app.lettrage.banksync.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "lettrage.banksync.sync")
public interface SyncConfig {

    /**
     * How often the scheduler looks for accounts due (as {@code @Scheduled(every)} reads it: {@code 5m}, {@code PT5M});
     * {@code off}: no scheduled sync (tests, manual only). consent-service itself is reached through the REST Client
     * {@code quarkus.rest-client.consent-service.*} ({@link ConsentServiceApi}).
     */
    @WithDefault("5m")
    String tick();

    /** How often the gauge lettrage_sync_accounts{state} is measured (one grouped count). */
    @WithDefault("PT30S")
    Duration gaugeRefresh();

    /** The least time between two unattended syncs of one account (four a day: six hours). */
    @WithDefault("PT6H")
    Duration minInterval();

    /** Unattended calls per account and day (PSD2 RTS art. 36: four). */
    @WithDefault("4")
    int unattendedPerDay();

    /** Days re-read before the last booking date seen, for late bookings and pending ones booked since. */
    @WithDefault("5")
    int overlapDays();

    /** Days read on an account's first sync. */
    @WithDefault("90")
    int firstSyncDays();

    /** Days a pending transaction and its booked version may lie apart, when the bank gives no shared id. */
    @WithDefault("5")
    int pendingMatchDays();
}
