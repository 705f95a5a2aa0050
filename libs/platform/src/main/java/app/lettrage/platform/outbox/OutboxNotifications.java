package app.lettrage.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Listens on the database channel that the outbox trigger notifies when a transaction that inserted outbox rows
 * commits (see {@code R__platform_outbox_notify.sql}), and runs {@code onCommit} for each notification. It reconnects
 * after the database goes away, and runs {@code onCommit} once more on every (re)subscription, because the
 * notifications sent while it was disconnected are lost.
 */
public final class OutboxNotifications {

    public static final String CHANNEL = "lettrage_outbox";

    private static final Logger LOG = Logger.getLogger(OutboxNotifications.class);

    /** Between reconnection attempts: short, since events wait for it (the relay's poll is the slower net). */
    private static final long RECONNECT_DELAY_MILLIS = 500;

    private final PgSubscriber subscriber;
    private final AtomicBoolean closing;

    private OutboxNotifications(PgSubscriber subscriber, AtomicBoolean closing) {
        this.subscriber = subscriber;
        this.closing = closing;
    }

    /** Connects and subscribes; the Uni fails when the first connection cannot be made. */
    public static Uni<OutboxNotifications> listen(Vertx vertx, PgConnectOptions options, Runnable onCommit) {
        PgSubscriber subscriber =
                PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MILLIS);
        subscriber.channel(CHANNEL).handler(payload -> onCommit.run()).subscribeHandler(onCommit::run);
        AtomicBoolean closing = new AtomicBoolean();
        subscriber.closeHandler(() -> {
            if (!closing.get()) {
                LOG.warnf("outbox notifications: connection lost, reconnecting");
            }
        });
        return subscriber.connect().replaceWith(new OutboxNotifications(subscriber, closing));
    }

    public Uni<Void> close() {
        closing.set(true);
        return subscriber.close();
    }
}
