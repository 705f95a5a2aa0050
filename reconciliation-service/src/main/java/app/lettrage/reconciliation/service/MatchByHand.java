package app.lettrage.reconciliation.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.MatchDecision;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.StoredCandidate.StoredAllocation;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A person matches a transaction by hand to invoices of the tenant, partial allocations allowed: each invoice open, of
 * the transaction's direction and currency, each amount at most the invoice's amount due, the total at most the
 * transaction's absolute amount. PaymentMatched, MANUAL.
 */
@ApplicationScoped
public class MatchByHand {

    /** One allocation a person chose; the amount is what the invoice's amount due goes down by. */
    public record ManualAllocation(String invoiceId, BigDecimal amount) {}

    /** A person's choice is certain as far as the engine is concerned. */
    private static final double CONFIDENCE = 1.0;

    private final TenantLock tenantLock;
    private final ReconTransactionRepository transactions;
    private final OpenItemRepository openItems;
    private final Books books;
    private final ApplyMatch applyMatch;
    private final ReconciliationQueries queries;
    private final CalibrationOutcomes calibration;

    public MatchByHand(
            TenantLock tenantLock,
            ReconTransactionRepository transactions,
            OpenItemRepository openItems,
            Books books,
            ApplyMatch applyMatch,
            ReconciliationQueries queries,
            CalibrationOutcomes calibration) {
        this.tenantLock = tenantLock;
        this.transactions = transactions;
        this.openItems = openItems;
        this.books = books;
        this.applyMatch = applyMatch;
        this.queries = queries;
        this.calibration = calibration;
    }

    public Uni<MatchWithAllocations> match(
            String tenantId, String transactionId, List<ManualAllocation> allocations, String by) {
        return tenantLock.inTenantTransaction(
                tenantId,
                () -> transactions.lockForTenant(tenantId, transactionId).flatMap(tx -> {
                    StateCheck.require(tx, transactionId, "matched by hand", State.UNMATCHED, State.SUGGESTED);
                    if (tx.isReversal()) {
                        throw ProblemException.conflict(
                                "reversal",
                                "transaction " + transactionId + " is a reversal: it undoes a payment and pays no"
                                        + " invoice");
                    }
                    requireWithinAmount(tx, allocations);
                    List<StoredAllocation> stored = new ArrayList<>();
                    return InOrder.each(
                                    IntStream.range(0, allocations.size())
                                            .boxed()
                                            .toList(),
                                    i -> openItems
                                            .lockForTenant(
                                                    tenantId, allocations.get(i).invoiceId())
                                            .invoke(item -> stored.add(allocation(tx, i, allocations.get(i), item)))
                                            .replaceWithVoid())
                            // a suggestion matched by hand: as proposed only if to the top candidate's invoices
                            .flatMap(x -> tx.isIn(State.SUGGESTED)
                                    ? calibration.suggestionDecided(
                                            tx,
                                            CalibrationOutcomes.asProposed(
                                                    tx,
                                                    allocations.stream()
                                                            .map(ManualAllocation::invoiceId)
                                                            .toList()))
                                    : Uni.createFrom().voidItem())
                            .flatMap(x -> books.current(tenantId))
                            .<PaymentMatch>flatMap(book -> applyMatch.byPerson(
                                    tx,
                                    book,
                                    stored,
                                    MatchDecision.MANUAL,
                                    CONFIDENCE,
                                    List.of("matched by hand by " + by),
                                    by))
                            .flatMap(queries::withAllocations);
                }));
    }

    /** Each invoice named once, each amount at the currency's exponent, and no more than the transaction's amount. */
    private static void requireWithinAmount(ReconTransaction tx, List<ManualAllocation> allocations) {
        Set<String> seen = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < allocations.size(); i++) {
            ManualAllocation a = allocations.get(i);
            if (!seen.add(a.invoiceId())) {
                throw ProblemException.badRequest(
                        "allocations[" + i + "].invoiceId", "invoice " + a.invoiceId() + " is named twice");
            }
            try {
                total = total.add(Money.of(a.amount(), tx.currency()));
            } catch (IllegalArgumentException ex) {
                throw ProblemException.badRequest("allocations[" + i + "].amount", ex.getMessage());
            }
        }
        if (total.compareTo(tx.amount().abs()) > 0) {
            throw unprocessable(
                    "allocations",
                    "the allocations total " + total.toPlainString() + " " + tx.currency()
                            + ", more than the transaction's "
                            + tx.amount().abs().toPlainString() + " " + tx.currency());
        }
    }

    /** The {@code i}-th allocation on its invoice, which must be able to take it. */
    private static StoredAllocation allocation(ReconTransaction tx, int i, ManualAllocation a, OpenItem item) {
        String field = "allocations[" + i + "].invoiceId";
        if (item == null) {
            throw unprocessable(field, "no invoice " + a.invoiceId() + " of this tenant is known here");
        }
        if (!item.isOpen()) {
            throw unprocessable(field, "invoice " + item.number() + " is " + item.status() + ", not open");
        }
        InvoiceDirection direction = tx.direction();
        if (item.direction() != direction) {
            throw unprocessable(
                    field,
                    "invoice " + item.number() + " is a " + item.direction() + " invoice; "
                            + (direction == InvoiceDirection.SALES
                                    ? "money in settles SALES invoices"
                                    : "money out settles PURCHASE invoices"));
        }
        if (!item.currency().equals(tx.currency())) {
            throw unprocessable(
                    field,
                    "invoice " + item.number() + " is in " + item.currency() + ", the transaction in " + tx.currency());
        }
        BigDecimal amount = Money.of(a.amount(), tx.currency());
        if (amount.compareTo(item.amountDue()) > 0) {
            throw unprocessable(
                    "allocations[" + i + "].amount",
                    amount.toPlainString() + " is more than invoice " + item.number() + "'s amount due "
                            + item.amountDue().toPlainString() + " " + item.currency());
        }
        return new StoredAllocation(item.invoiceId(), item.number(), amount, item.currency(), null);
    }

    private static ProblemException unprocessable(String field, String message) {
        return new ProblemException(
                422,
                "invalid-allocation",
                "Unprocessable request",
                field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }
}
