package app.lettrage.reconciliation.service;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.repository.TenantLockRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * The boundary of every change to a tenant's matchable state: one transaction that first takes the tenant's advisory
 * lock, so replicas and the two input streams are serialised per tenant, decisions depend only on the order of
 * events, and the tenant's cached book is used by one transaction at a time.
 */
@ApplicationScoped
public class TenantLock {

    private final TenantLockRepository locks;
    private final Books books;

    public TenantLock(TenantLockRepository locks, Books books) {
        this.locks = locks;
        this.books = books;
    }

    /**
     * Runs {@code work} in one transaction holding the tenant's lock. A failure that may have left the cached book
     * ahead of the database evicts it (a 4xx problem is raised before anything changes).
     */
    public <T> Uni<T> inTenantTransaction(String tenantId, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> locks.lock(tenantId).flatMap(x -> work.get()))
                .onFailure(f -> !(f instanceof ProblemException p && p.status() < 500))
                .invoke(f -> books.evict(tenantId));
    }
}
