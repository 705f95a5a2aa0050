package app.lettrage.reconciliation.repository;

import app.lettrage.reconciliation.OpenItem;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
@WithSession
public class OpenItemRepository implements PanacheRepositoryBase<OpenItem, String> {

    public Uni<OpenItem> lockForTenant(String tenantId, String invoiceId) {
        return find("tenantId = ?1 and invoiceId = ?2", tenantId, invoiceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
