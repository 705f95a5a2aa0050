package app.lettrage.platform.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock of every service: the system's, in UTC. Inject {@link Clock} wherever time is read, never
 * {@code Instant.now()}: a test then declares a {@code Clock} bean of its own, which replaces this default one.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
