package app.lettrage.invoice;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;

/** Counts rows in the service's own database, for tests that assert how many effects a request had. */
final class DatabaseProbe {

    private DatabaseProbe() {}

    /** How many events of this CloudEvents type the outbox holds about {@code subject}, sent or not. */
    static long outboxEvents(String subject, String ceType) {
        return count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?1 AND event_type = ?2", subject, ceType);
    }

    /** Whether the service has taken in the event (its inbox row, written in the transaction of its effect). */
    static boolean consumed(String eventId) {
        return count("SELECT count(*) FROM inbox_event WHERE event_id = ?1", eventId) > 0;
    }

    /** How many credit notes were issued for the invoice. */
    static long creditNotesFor(String invoiceId) {
        return count("SELECT count(*) FROM invoice WHERE credit_note_for = ?1", java.util.UUID.fromString(invoiceId));
    }

    /** How many invoices of the tenant have this counterparty name. */
    static long invoicesOf(String tenantId, String counterpartyName) {
        return count(
                "SELECT count(*) FROM invoice WHERE tenant_id = ?1 AND counterparty_name = ?2",
                tenantId,
                counterpartyName);
    }

    private static long count(String sql, Object... parameters) {
        try {
            return VertxContextSupport.subscribeAndAwait(() ->
                    Panache.withSession(() -> Panache.getSession().flatMap(s -> {
                        var q = s.createNativeQuery(sql, Long.class);
                        for (int i = 0; i < parameters.length; i++) {
                            q.setParameter(i + 1, parameters[i]);
                        }
                        return q.getSingleResult();
                    })));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
