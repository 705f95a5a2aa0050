package app.lettrage.platform.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Insert-first deduplication: in the consumer's transaction, record (consumer, event id) before applying the
 * effect. {@code false} means the event was already applied; a rollback of the effect also removes the record.
 */
@ApplicationScoped
public class Inbox {

    public Uni<Boolean> firstTime(String consumer, String eventId, String eventType) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "INSERT INTO inbox_event (consumer, event_id, event_type) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, eventType)
                .executeUpdate())
                .map(n -> n == 1);
    }
}
