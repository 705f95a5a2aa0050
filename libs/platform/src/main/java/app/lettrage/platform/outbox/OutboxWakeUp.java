package app.lettrage.platform.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes this replica's relay the moment a transaction that wrote outbox rows commits, in this replica or another
 * (PostgreSQL LISTEN/NOTIFY on the service's own database), so an event waits for no poll. Where the listener cannot
 * connect, the relay's scheduled poll ({@code lettrage.outbox.poll-interval}) still publishes everything.
 */
@ApplicationScoped
public class OutboxWakeUp {

    private static final Logger LOG = Logger.getLogger(OutboxWakeUp.class);

    private final Vertx vertx;
    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private volatile OutboxNotifications notifications;

    public OutboxWakeUp(
            Vertx vertx,
            OutboxRelay relay,
            OutboxConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.relay = relay;
        this.config = config;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent ev) {
        if (!config.relayEnabled() || !config.wakeOnCommit()) {
            return;
        }
        OutboxNotifications.listen(vertx, connectOptions(), relay::wake)
                .subscribe()
                .with(
                        listening -> notifications = listening,
                        e -> LOG.warnf(
                                "outbox notifications unavailable, the relay polls every %s: %s",
                                config.pollInterval(), e.getMessage()));
    }

    void stop(@Observes ShutdownEvent ev) {
        OutboxNotifications listening = notifications;
        if (listening != null) {
            listening.close().subscribe().with(x -> {}, e -> {});
        }
    }

    private PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }
}
