package app.lettrage.reconciliation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** PostgreSQL's transaction-scoped advisory lock, one per tenant: released by the commit or rollback. */
@ApplicationScoped
public class TenantLockRepository {

    /** "RECON" in the high bytes keeps these keys apart from other advisory locks on the same database. */
    private static final long NAMESPACE = 0x5245434f4e000000L;

    /** Waits for the tenant's lock and holds it until the caller's transaction ends. */
    public Uni<Void> lock(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)", Integer.class)
                        .setParameter(1, key(tenantId))
                        .getSingleResult())
                .replaceWithVoid();
    }

    static long key(String tenantId) {
        return NAMESPACE ^ tenantId.hashCode();
    }
}
