package app.lettrage.reconciliation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import java.math.BigDecimal;

/** Reads the service's open items directly, for tests that must wait until an invoice event was applied. */
final class OpenItemProbe {

    private OpenItemProbe() {}

    static boolean known(String invoiceId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                            () -> Panache.getSession().flatMap(s -> s.find(OpenItem.class, invoiceId))))
                    != null;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static String status(String invoiceId) {
        try {
            OpenItem item = VertxContextSupport.subscribeAndAwait(() ->
                    Panache.withSession(() -> Panache.getSession().flatMap(s -> s.find(OpenItem.class, invoiceId))));
            return item == null ? null : item.status().name();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The open item's amount due as this service keeps it (total less its active allocations). */
    static BigDecimal amountDue(String invoiceId) {
        try {
            OpenItem item = VertxContextSupport.subscribeAndAwait(() ->
                    Panache.withSession(() -> Panache.getSession().flatMap(s -> s.find(OpenItem.class, invoiceId))));
            return item == null ? null : item.amountDue();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What another replica's change looks like to this one: the tenant's book version moves in the database, so the
     * cached book is stale and is rebuilt from the tables on next use.
     */
    static void bumpBookVersion(String tenantId) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .flatMap(s -> s.createNativeQuery(
                                    "INSERT INTO book_version (tenant_id, version) VALUES (?1, 1000000) "
                                            + "ON CONFLICT (tenant_id) DO UPDATE SET version = book_version.version + 1000000")
                            .setParameter(1, tenantId)
                            .executeUpdate())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
