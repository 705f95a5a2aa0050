package app.lettrage.banksync.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

@ConfigMapping(prefix = "lettrage.banksync.sync")
public interface SyncConfig {

    /** consent-service, which reads the bank through the consent (provider secrets stay there). */
    URI consentServiceUrl();

    /** Keycloak's token endpoint for this service's client-credentials token. */
    URI tokenUrl();

    @WithDefault("bank-sync-service")
    String clientId();

    String clientSecret();

    /** How often the scheduler looks for accounts due; 0 or negative: no scheduled sync (tests, manual only). */
    @WithDefault("PT5M")
    Duration tick();

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
