package app.lettrage.reconciliation.repository;

import app.lettrage.reconciliation.ReconTransaction;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
@WithSession
public class ReconTransactionRepository implements PanacheRepositoryBase<ReconTransaction, String> {

    public Uni<ReconTransaction> findForTenant(String tenantId, String transactionId) {
        return find("tenantId = ?1 and transactionId = ?2", tenantId, transactionId).firstResult();
    }

    /** Unmatched booked transactions of a tenant with exactly this signed amount, oldest first. */
    public Uni<List<ReconTransaction>> unmatchedWithAmount(String tenantId, String currency, java.math.BigDecimal amount) {
        return list("tenantId = ?1 and state = ?2 and currency = ?3 and amount = ?4 order by bookingDate, receivedAt, transactionId",
                tenantId, ReconTransaction.State.UNMATCHED, currency, amount);
    }

    public Uni<List<ReconTransaction>> list(String tenantId, ReconTransaction.State state, int page, int size) {
        Sort sort = Sort.descending("bookingDate", "receivedAt").and("transactionId");
        return (state == null
                ? find("tenantId = ?1", sort, tenantId)
                : find("tenantId = ?1 and state = ?2", sort, tenantId, state))
                .page(Page.of(page, size)).list();
    }
}
