package app.lettrage.reconciliation.repository;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.ReversalLink;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
@WithSession
public class ReconTransactionRepository implements PanacheRepositoryBase<ReconTransaction, String> {

    public Uni<ReconTransaction> findForTenant(String tenantId, String transactionId) {
        return find("tenantId = ?1 and transactionId = ?2", tenantId, transactionId)
                .firstResult();
    }

    public Uni<ReconTransaction> lockForTenant(String tenantId, String transactionId) {
        return find("tenantId = ?1 and transactionId = ?2", tenantId, transactionId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The transaction that names this one as superseded, if it arrived first. */
    public Uni<ReconTransaction> supersededBy(String tenantId, String transactionId) {
        return find("tenantId = ?1 and supersedesTransactionId = ?2", tenantId, transactionId)
                .firstResult();
    }

    /**
     * The tenant's {@code limit} transactions last decided by the engine that still stand (matched, suggested or
     * waiting; not superseded nor reversed), newest decision first.
     */
    public Uni<List<ReconTransaction>> lastDecided(String tenantId, int limit) {
        return find(
                        "tenantId = ?1 and engineStatus is not null and decidedAt is not null and state in (?2)",
                        Sort.descending("decidedAt").and("transactionId"),
                        tenantId,
                        List.of(State.MATCHED, State.SUGGESTED, State.UNMATCHED))
                .page(Page.ofSize(limit))
                .list();
    }

    /**
     * The payments {@code reversal} could undo by the hard rules of {@link ReversalLink} (same account and currency,
     * opposite amount, booked within the window before it, not a reversal, not yet reversed), newest first, at most
     * {@link ReversalLink#CANDIDATE_LIMIT} + 1 (one more says there are too many), row-locked until commit.
     */
    public Uni<List<ReconTransaction>> reversibleBy(ReconTransaction reversal) {
        return find(
                        "tenantId = ?1 and accountId = ?2 and currency = ?3 and amount = ?4 and reversal = false"
                                + " and state in (?5) and bookingDate between ?6 and ?7 and transactionId <> ?8",
                        Sort.descending("bookingDate", "receivedAt").and("transactionId"),
                        reversal.tenantId(),
                        reversal.accountId(),
                        reversal.currency(),
                        reversal.amount().negate(),
                        List.of(
                                ReconTransaction.State.UNMATCHED,
                                ReconTransaction.State.SUGGESTED,
                                ReconTransaction.State.MATCHED),
                        ReversalLink.earliestBooking(reversal),
                        reversal.bookingDate(),
                        reversal.transactionId())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(Page.ofSize(ReversalLink.CANDIDATE_LIMIT + 1))
                .list();
    }

    /**
     * Reversals still waiting for their payment that {@code payment}, just arrived, could be: same account and
     * currency, opposite amount, booked on or after it within the window. Oldest first, at most {@code limit}.
     */
    public Uni<List<ReconTransaction>> reversalsWaitingFor(ReconTransaction payment, int limit) {
        return find(
                        "tenantId = ?1 and accountId = ?2 and currency = ?3 and amount = ?4 and reversal = true"
                                + " and state = ?5 and bookingDate between ?6 and ?7",
                        Sort.ascending("bookingDate", "receivedAt", "transactionId"),
                        payment.tenantId(),
                        payment.accountId(),
                        payment.currency(),
                        payment.amount().negate(),
                        ReconTransaction.State.UNMATCHED,
                        payment.bookingDate(),
                        payment.bookingDate().plus(ReversalLink.WINDOW))
                .page(Page.ofSize(limit))
                .list();
    }

    /**
     * Booked transactions still waiting for an invoice (unmatched or suggested) that the newly open {@code item} could
     * settle: same currency (or converted from it) and direction, and the text names its number or payment reference,
     * or the amount (or the instructed amount) equals its amount due, or the payer's IBAN is the invoice's. Oldest first, at most {@code limit}.
     */
    public Uni<List<ReconTransaction>> waitingFor(OpenItem item, int limit) {
        boolean moneyIn = item.direction() == InvoiceDirection.SALES;
        String numberKey = item.numberKey();
        String referenceKey = item.paymentReference() == null ? null : OpenItem.key(item.paymentReference());
        String iban = item.counterpartyIban();
        String sign = moneyIn ? "amount > 0" : "amount < 0";
        // a reversal waits for the payment it undoes, never for an invoice
        StringBuilder q = new StringBuilder("tenantId = :tenant and reversal = false and state in (:states) and ")
                // a payment converted from the invoice's currency is compared with it too (by reference or payer)
                .append("(currency = :currency or convertedFrom = :currency) and ")
                .append(sign)
                .append(" and (amount = :amount or instructedAmount = :due");
        Map<String, Object> p = new HashMap<>();
        p.put("due", item.signedAmountDue().abs());
        p.put("tenant", item.tenantId());
        p.put("states", List.of(ReconTransaction.State.UNMATCHED, ReconTransaction.State.SUGGESTED));
        p.put("currency", item.currency());
        p.put("amount", item.signedAmountDue());
        if (numberKey != null && numberKey.length() >= 3) {
            q.append(" or textKey like :number");
            p.put("number", "%" + numberKey + "%");
        }
        if (referenceKey != null && referenceKey.length() >= 3) {
            q.append(" or textKey like :reference");
            p.put("reference", "%" + referenceKey + "%");
        }
        if (iban != null) {
            q.append(" or counterpartyIban = :iban");
            p.put("iban", iban);
        }
        q.append(")");
        return find(q.toString(), Sort.ascending("bookingDate", "receivedAt", "transactionId"), p)
                .page(Page.ofSize(limit))
                .list();
    }

    public record Filter(
            ReconTransaction.State state,
            LocalDate from,
            LocalDate to,
            BigDecimal minAmount,
            BigDecimal maxAmount,
            String text) {}

    /** A tenant's transactions, newest booking first; amounts compare on the absolute amount. */
    public Uni<List<ReconTransaction>> search(String tenantId, Filter f, int page, int size) {
        Query q = query(tenantId, f);
        return find(
                        q.hql,
                        Sort.descending("bookingDate", "receivedAt").and("transactionId", Sort.Direction.Descending),
                        q.params)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> count(String tenantId, Filter f) {
        Query q = query(tenantId, f);
        return count(q.hql, q.params);
    }

    private record Query(String hql, Map<String, Object> params) {}

    private static Query query(String tenantId, Filter f) {
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        if (f.state() != null) {
            q.append(" and state = :state");
            p.put("state", f.state());
        }
        if (f.from() != null) {
            q.append(" and bookingDate >= :from");
            p.put("from", f.from());
        }
        if (f.to() != null) {
            q.append(" and bookingDate <= :to");
            p.put("to", f.to());
        }
        if (f.minAmount() != null) {
            q.append(" and abs(amount) >= :min");
            p.put("min", f.minAmount());
        }
        if (f.maxAmount() != null) {
            q.append(" and abs(amount) <= :max");
            p.put("max", f.maxAmount());
        }
        if (f.text() != null) {
            q.append(" and (lower(coalesce(counterpartyName, '')) like :text escape '\\'"
                    + " or lower(coalesce(remittanceInformation, '')) like :text escape '\\'"
                    + " or lower(coalesce(structuredReference, '')) like :text escape '\\'"
                    + " or lower(coalesce(counterpartyIban, '')) like :text escape '\\')");
            String literal = f.text()
                    .toLowerCase()
                    .replace("\\", "\\\\")
                    .replace("%", "\\%")
                    .replace("_", "\\_");
            p.put("text", "%" + literal + "%");
        }
        return new Query(q.toString(), p);
    }
}
