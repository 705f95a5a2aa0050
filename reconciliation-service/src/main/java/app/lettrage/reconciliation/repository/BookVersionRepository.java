package app.lettrage.reconciliation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The per-tenant version of everything the in-memory open-item book is built from ({@code book_version}). Runs in the
 * caller's transaction, which holds the tenant's advisory lock.
 */
@ApplicationScoped
public class BookVersionRepository {

    /** The tenant's version; 0 before its first change. */
    public Uni<Long> version(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("SELECT version FROM book_version WHERE tenant_id = ?1", Long.class)
                        .setParameter(1, tenantId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue());
    }

    /** Records a change of the tenant's book and returns the new version. */
    public Uni<Long> bump(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("INSERT INTO book_version (tenant_id, version) VALUES (?1, 1) "
                                + "ON CONFLICT (tenant_id) DO UPDATE SET version = book_version.version + 1")
                        .setParameter(1, tenantId)
                        .executeUpdate())
                .flatMap(x -> version(tenantId));
    }
}
