package app.lettrage.reconciliation.repository;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.reconciliation.OpenItem;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.util.List;

@ApplicationScoped
@WithSession
public class OpenItemRepository implements PanacheRepositoryBase<OpenItem, String> {

    public Uni<OpenItem> lockForTenant(String tenantId, String invoiceId) {
        return find("tenantId = ?1 and invoiceId = ?2", tenantId, invoiceId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Open items of one tenant, direction and currency whose amount due equals the amount: indexed, never a scan. */
    public Uni<List<OpenItem>> openWithAmountDue(String tenantId, InvoiceDirection direction, String currency, BigDecimal amount) {
        return list("tenantId = ?1 and direction = ?2 and currency = ?3 and amountDue = ?4 and status = ?5 order by number",
                tenantId, direction, currency, amount, OpenItem.Status.OPEN);
    }
}
