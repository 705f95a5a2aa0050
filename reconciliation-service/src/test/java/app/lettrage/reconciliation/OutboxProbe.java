package app.lettrage.reconciliation;

import app.lettrage.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Counts the events the service wrote to its outbox, for tests that assert how many a decision produced: the outbox
 * is where an event exists once its change committed, so the count does not depend on waiting for the broker.
 */
final class OutboxProbe {

    private OutboxProbe() {}

    /** How many events of {@code type} the outbox holds for the transaction (their key), sent or not. */
    static long events(String tenantId, String transactionId, EventType type) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .flatMap(s -> s.createNativeQuery(
                                    "SELECT count(*) FROM outbox_event WHERE message_key = ?1 AND event_type = ?2",
                                    Long.class)
                            .setParameter(1, tenantId + ":" + transactionId)
                            .setParameter(2, type.ceType())
                            .getSingleResult())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
