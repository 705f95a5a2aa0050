package app.lettrage.consent.service;

import app.lettrage.consent.Consent;
import app.lettrage.consent.repository.ConsentRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The gauge {@code lettrage_consents_expiring}: consents still in force whose last day is within the first notice
 * period ({@link Consent#NOTICE_DAYS}, 14 days), so that ops see syncing about to stop for businesses that have not
 * renewed. A renewal moves the last day on, and the consent leaves the count. Measured on a schedule
 * ({@code lettrage.consent.expiring-gauge-refresh}); NaN until the first measure, and a failed measure keeps the last
 * one. Every replica reports the whole database, so alerts take the max over replicas.
 */
@ApplicationScoped
public class ConsentsExpiringGauge {

    private final ConsentRepository consents;
    private final Clock clock;
    private volatile double expiring = Double.NaN;

    public ConsentsExpiringGauge(ConsentRepository consents, Clock clock, MeterRegistry registry) {
        this.consents = consents;
        this.clock = clock;
        Gauge.builder("lettrage.consents.expiring", this, ConsentsExpiringGauge::expiring)
                .description("consents in force whose last day is within " + Consent.NOTICE_DAYS[0] + " days")
                .strongReference(true)
                .register(registry);
    }

    /** Creates the gauge at start, before the first measure. */
    void start(@Observes StartupEvent ev) {}

    @Scheduled(
            identity = "consents-expiring-gauge",
            every = "{lettrage.consent.expiring-gauge-refresh}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return measure().onFailure().recoverWithItem(e -> {
            Log.warnf("consents expiring: measure failed, the gauge keeps the last one: %s", e.getMessage());
            return null;
        });
    }

    /** Counts them now, as of the clock's day (UTC, the day the expiry check uses). */
    public Uni<Void> measure() {
        LocalDate lastDay = LocalDate.now(clock).plusDays(Consent.NOTICE_DAYS[0]);
        return consents.countInForceEndingBy(lastDay).invoke(n -> expiring = n).replaceWithVoid();
    }

    double expiring() {
        return expiring;
    }
}
