package app.lettrage.reconciliation.repository;

import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.PaymentMatch;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class PaymentMatchRepository implements PanacheRepositoryBase<PaymentMatch, UUID> {

    public Uni<PaymentMatch> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<PaymentMatch> lockForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The transaction's match that is not undone, if any. */
    public Uni<PaymentMatch> activeFor(String tenantId, String transactionId) {
        return find("tenantId = ?1 and transactionId = ?2 and undoneAt is null", tenantId, transactionId)
                .firstResult();
    }

    public Uni<List<PaymentMatch>> activeFor(String tenantId, List<String> transactionIds) {
        if (transactionIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("tenantId = ?1 and transactionId in ?2 and undoneAt is null", tenantId, transactionIds);
    }

    /** The tenant's active matches with an allocation to the invoice, oldest first, row-locked until commit. */
    public Uni<List<PaymentMatch>> lockActiveAllocatingTo(String tenantId, String invoiceId) {
        return find(
                        "tenantId = ?1 and undoneAt is null and id in"
                                + " (select a.matchId from MatchAllocation a where a.tenantId = ?1 and a.invoiceId = ?2)",
                        Sort.ascending("matchedAt").and("id"),
                        tenantId,
                        invoiceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    public Uni<List<PaymentMatch>> list(String tenantId, int page, int size) {
        return find("tenantId = ?1", Sort.descending("matchedAt").and("id"), tenantId)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<List<MatchAllocation>> allocations(UUID matchId) {
        return getSession()
                .flatMap(s -> s.createQuery(
                                "from MatchAllocation where matchId = ?1 order by invoiceNumber, id",
                                MatchAllocation.class)
                        .setParameter(1, matchId)
                        .getResultList());
    }

    public Uni<List<MatchAllocation>> allocations(List<UUID> matchIds) {
        if (matchIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession()
                .flatMap(s -> s.createQuery(
                                "from MatchAllocation where matchId in ?1 order by invoiceNumber, id",
                                MatchAllocation.class)
                        .setParameter(1, matchIds)
                        .getResultList());
    }

    public Uni<MatchAllocation> persistAllocation(MatchAllocation a) {
        return getSession().flatMap(s -> s.persist(a)).replaceWith(a);
    }
}
