package app.lettrage.reconciliation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The invoices a person said are not the payment of a transaction ({@code rejected_candidate}): never suggested or
 * matched again for it. Runs in the caller's transaction.
 */
@ApplicationScoped
public class RejectedCandidateRepository {

    /** The column's width: a longer user name is kept by its start. */
    private static final int MAX_BY = 100;

    /** Records the rejections; one already recorded stays as it was (who rejected it first, and when). */
    public Uni<Void> record(String tenantId, String transactionId, Set<String> invoiceIds, String by, Instant at) {
        String rejectedBy = by == null || by.length() <= MAX_BY ? by : by.substring(0, MAX_BY);
        return Multi.createFrom()
                .iterable(invoiceIds)
                .onItem()
                .transformToUniAndConcatenate(invoiceId -> Panache.getSession()
                        .flatMap(s -> s.createNativeQuery(
                                        "INSERT INTO rejected_candidate (tenant_id, transaction_id, invoice_id, rejected_by, rejected_at) "
                                                + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                                .setParameter(1, tenantId)
                                .setParameter(2, transactionId)
                                .setParameter(3, invoiceId)
                                .setParameter(4, rejectedBy)
                                .setParameter(5, at)
                                .executeUpdate()))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Rejections of the tenant's transactions decided since {@code since}: transaction id, invoice id. */
    public Uni<List<Object[]>> ofTransactionsDecidedSince(String tenantId, Instant since) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT r.transaction_id, r.invoice_id FROM rejected_candidate r "
                                        + "JOIN bank_transaction t ON t.transaction_id = r.transaction_id "
                                        + "WHERE r.tenant_id = ?1 AND t.tenant_id = ?1 AND t.decided_at >= ?2",
                                Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, since)
                        .getResultList());
    }

    /** The invoices rejected for the transaction. */
    public Uni<Set<String>> invoiceIds(String tenantId, String transactionId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT invoice_id FROM rejected_candidate WHERE tenant_id = ?1 AND transaction_id = ?2",
                                String.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, transactionId)
                        .getResultList())
                .map(HashSet::new);
    }
}
