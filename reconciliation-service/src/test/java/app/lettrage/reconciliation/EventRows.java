package app.lettrage.reconciliation;

import app.lettrage.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the service's outbox and inbox, for tests that assert how many events a decision produced (the outbox is where
 * an event exists once its change committed, so the count does not wait on the broker) or that an event was taken in.
 */
final class EventRows {

    private EventRows() {}

    /** How many events of {@code type} the outbox holds for the transaction (their key), sent or not. */
    static long events(String tenantId, String transactionId, EventType type) {
        return payloads(tenantId, transactionId, type).size();
    }

    /** The payloads of the outbox's events of {@code type} for the transaction, in the order they were written. */
    static List<String> payloads(String tenantId, String transactionId, EventType type) {
        return query(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT payload FROM outbox_event WHERE message_key = ?1 AND event_type = ?2 ORDER BY seq",
                                String.class)
                        .setParameter(1, tenantId + ":" + transactionId)
                        .setParameter(2, type.ceType())
                        .getResultList()));
    }

    /** The CloudEvents types of every event the outbox holds for the transaction, in the order they were written. */
    static List<String> types(String tenantId, String transactionId) {
        return query(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT event_type FROM outbox_event WHERE message_key = ?1 ORDER BY seq", String.class)
                        .setParameter(1, tenantId + ":" + transactionId)
                        .getResultList()));
    }

    /** Whether the service has taken in the event (its inbox row commits with the event's effect). */
    static boolean consumed(String eventId) {
        return query(() -> Panache.getSession()
                        .flatMap(s -> s.createNativeQuery(
                                        "SELECT count(*) FROM inbox_event WHERE event_id = ?1", Long.class)
                                .setParameter(1, eventId)
                                .getSingleResult()))
                > 0;
    }

    private static <T> T query(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work::get));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
