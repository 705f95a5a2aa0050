package app.lettrage.reconciliation.service;

import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** What a person looks at: a tenant's transactions and matches; another tenant's are not found (null). */
@ApplicationScoped
public class ReconciliationQueries {

    /** A page of transactions, the total that matched the filter, and the active match of each matched one. */
    public record TransactionPage(List<ReconTransaction> items, long total, Map<String, UUID> activeMatches) {}

    public record TransactionWithMatch(ReconTransaction transaction, UUID activeMatchId) {}

    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;

    public ReconciliationQueries(ReconTransactionRepository transactions, PaymentMatchRepository matches) {
        this.transactions = transactions;
        this.matches = matches;
    }

    @WithTransaction
    public Uni<TransactionPage> transactions(
            String tenantId, ReconTransactionRepository.Filter filter, int page, int size) {
        return transactions
                .search(tenantId, filter, page, size)
                .flatMap(list -> transactions
                        .count(tenantId, filter)
                        .flatMap(total -> matches.activeFor(
                                        tenantId,
                                        list.stream()
                                                .map(ReconTransaction::transactionId)
                                                .toList())
                                .map(active -> new TransactionPage(
                                        list,
                                        total,
                                        active.stream()
                                                .collect(Collectors.toMap(
                                                        PaymentMatch::transactionId,
                                                        PaymentMatch::id,
                                                        (a, b) -> a))))));
    }

    @WithTransaction
    public Uni<TransactionWithMatch> transaction(String tenantId, String transactionId) {
        return transactions
                .findForTenant(tenantId, transactionId)
                .onItem()
                .ifNotNull()
                .transformToUni(tx -> matches.activeFor(tenantId, tx.transactionId())
                        .map(m -> new TransactionWithMatch(tx, m == null ? null : m.id())));
    }

    /** A page of matches, newest first, undone ones included. */
    @WithTransaction
    public Uni<List<MatchWithAllocations>> matches(String tenantId, int page, int size) {
        return matches.list(tenantId, page, size)
                .flatMap(list -> matches.allocations(
                                list.stream().map(PaymentMatch::id).toList())
                        .map(allocs -> list.stream()
                                .map(m -> new MatchWithAllocations(
                                        m,
                                        allocs.stream()
                                                .filter(a -> a.matchId().equals(m.id()))
                                                .toList()))
                                .toList()));
    }

    @WithTransaction
    public Uni<MatchWithAllocations> match(String tenantId, UUID id) {
        return matches.findForTenant(tenantId, id).onItem().ifNotNull().transformToUni(this::withAllocations);
    }

    /** The match with its allocations, read in the caller's session (a match just stored included). */
    Uni<MatchWithAllocations> withAllocations(PaymentMatch m) {
        return matches.allocations(m.id()).map(a -> new MatchWithAllocations(m, a));
    }
}
