package app.lettrage.banksync.repository;

import app.lettrage.banksync.BankTransaction;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class BankTransactionRepository implements PanacheRepositoryBase<BankTransaction, UUID> {

    /** Which of the given dedup keys the account already holds. */
    public Uni<Set<String>> existingDedupKeys(String tenantId, UUID accountId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return getSession()
                .flatMap(s -> s.createSelectionQuery(
                                "select t.dedupKey from BankTransaction t where t.tenantId = :tenant and t.accountId = :account"
                                        + " and t.dedupKey in (:keys)",
                                String.class)
                        .setParameter("tenant", tenantId)
                        .setParameter("account", accountId)
                        .setParameter("keys", keys)
                        .getResultList())
                .map(HashSet::new);
    }

    /** Newest first: booking date, then import order. Dates are inclusive; null means open-ended. */
    public Uni<List<BankTransaction>> list(
            String tenantId, UUID accountId, LocalDate bookedFrom, LocalDate bookedTo, int page, int size) {
        StringBuilder q = new StringBuilder("tenantId = :tenant and accountId = :account");
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        p.put("account", accountId);
        if (bookedFrom != null) {
            q.append(" and bookingDate >= :from");
            p.put("from", bookedFrom);
        }
        if (bookedTo != null) {
            q.append(" and bookingDate <= :to");
            p.put("to", bookedTo);
        }
        return find(q.toString(), Sort.descending("bookingDate").and("seq", Sort.Direction.Descending), p)
                .page(Page.of(page, size))
                .list();
    }
}
