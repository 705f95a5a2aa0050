package app.lettrage.banksync.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The sync's clock (UTC): the day of the unattended-call budget and back-off instants. */
@ApplicationScoped
public class SyncClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
