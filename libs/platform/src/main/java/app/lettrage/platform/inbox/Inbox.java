package app.lettrage.platform.inbox;

import app.lettrage.platform.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Insert-first deduplication: in the consumer's transaction, record (consumer, event id) before applying the
 * effect. {@code false} means the event was already applied; a rollback of the effect also removes the record.
 */
@ApplicationScoped
public class Inbox {

    public Uni<Boolean> firstTime(String consumer, String eventId, String eventType) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "INSERT INTO inbox_event (consumer, event_id, event_type) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                        .setParameter(1, consumer)
                        .setParameter(2, eventId)
                        .setParameter(3, eventType)
                        .executeUpdate())
                .map(n -> n == 1);
    }

    /**
     * Records a batch of events with one multi-row INSERT and returns the ids seen for the first time. An id given
     * twice in the batch counts once. {@code events} maps event id to event type, in batch order.
     */
    public Uni<Set<String>> firstTimes(String consumer, Map<String, String> events) {
        Set<String> seen = new HashSet<>();
        return SqlRows.inChunks(
                        List.copyOf(events.entrySet()),
                        3,
                        chunk -> Panache.getSession().flatMap(s -> {
                            var q = s.createNativeQuery(
                                    "INSERT INTO inbox_event (consumer, event_id, event_type) VALUES "
                                            + SqlRows.values(chunk.size(), null, null, null)
                                            + " ON CONFLICT DO NOTHING RETURNING event_id",
                                    String.class);
                            int p = 0;
                            for (Map.Entry<String, String> e : chunk) {
                                q.setParameter(++p, consumer);
                                q.setParameter(++p, e.getKey());
                                q.setParameter(++p, e.getValue());
                            }
                            return q.getResultList().invoke(seen::addAll);
                        }))
                .replaceWith(seen);
    }
}
