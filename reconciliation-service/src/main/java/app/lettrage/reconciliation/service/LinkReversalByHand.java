package app.lettrage.reconciliation.service;

import app.lettrage.events.ReturnReasons;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A person links a reversal the rules could not link (several payments fit, or none named enough) to the matched
 * payment it undoes. It runs in one transaction holding the tenant's lock and ends in the automatic link's code
 * ({@link LinkReversal#undo}): the match undone, the invoices' amount due restored, the same PaymentReversed. The
 * same link asked again changes nothing and publishes nothing; any other link of either line is a 409.
 *
 * <p>Only a whole return is linked: the reversal must move exactly the payment's amount back. A partial return
 * (a partial chargeback) would undo the whole match and give the invoices back more than came back, so it is a 422
 * until partial reversals of allocations exist.
 */
@ApplicationScoped
public class LinkReversalByHand {

    static final String PAYMENT_FIELD = "paymentTransactionId";

    private final TenantLock tenantLock;
    private final ReconTransactionRepository transactions;
    private final LinkReversal linkReversal;

    public LinkReversalByHand(
            TenantLock tenantLock, ReconTransactionRepository transactions, LinkReversal linkReversal) {
        this.tenantLock = tenantLock;
        this.transactions = transactions;
        this.linkReversal = linkReversal;
    }

    /** Links {@code reversalId} as undoing {@code paymentId}; returns the reversal, REVERSAL. */
    public Uni<ReconTransaction> link(String tenantId, String reversalId, String paymentId, String by) {
        return tenantLock.inTenantTransaction(
                tenantId,
                () -> transactions
                        .lockForTenant(tenantId, reversalId)
                        .flatMap(reversal -> transactions
                                .lockForTenant(tenantId, paymentId)
                                .flatMap(payment -> link(reversal, reversalId, payment, paymentId, by))));
    }

    private Uni<ReconTransaction> link(
            ReconTransaction reversal, String reversalId, ReconTransaction payment, String paymentId, String by) {
        if (reversal == null) {
            throw ProblemException.notFound("transaction", reversalId);
        }
        if (payment == null) {
            throw ProblemException.notFound("transaction", paymentId);
        }
        if (!reversal.isReversal()) {
            throw ProblemException.conflict(
                    "not-a-reversal",
                    "transaction " + reversalId + " is not a reversal: only a return or reversal line undoes a"
                            + " payment (undo a match with POST /api/matches/{id}/undo)");
        }
        if (reversal.isIn(State.REVERSAL)) {
            if (paymentId.equals(reversal.reversesTransactionId())) {
                return Uni.createFrom().item(reversal); // asked again: already so, nothing to do or publish
            }
            throw ProblemException.conflict(
                    "already-linked",
                    "reversal " + reversalId + " already undoes payment " + reversal.reversesTransactionId());
        }
        StateCheck.require(reversal, reversalId, "linked to the payment it undoes", State.UNMATCHED);
        if (payment.isReversal()) {
            throw cannotUndo("transaction " + paymentId + " is itself a reversal, not a payment");
        }
        if (payment.isIn(State.REVERSED)) {
            throw ProblemException.conflict(
                    "already-reversed",
                    "payment " + paymentId + " was already reversed by transaction "
                            + payment.reversedByTransactionId());
        }
        if (!payment.isIn(State.MATCHED)) {
            throw ProblemException.conflict(
                    "not-matched",
                    "payment " + paymentId + " is " + payment.state()
                            + ": it settled no invoice, so there is nothing for its return to reopen");
        }
        requireUndoable(reversal, payment);
        String why = "reverses payment " + paymentId + " of " + payment.bookingDate() + " ("
                + (reversal.returnReason() == null
                        ? "no return reason given"
                        : "return reason " + ReturnReasons.describe(reversal.returnReason()))
                + "): " + payment.amount().toPlainString() + " " + payment.currency() + ", linked by hand by " + by;
        return linkReversal.undo(reversal, payment, why, "by hand").replaceWith(reversal);
    }

    /** The reversal moves back exactly what the payment brought, on the same account, after it. */
    private static void requireUndoable(ReconTransaction reversal, ReconTransaction payment) {
        if (!payment.accountId().equals(reversal.accountId())) {
            throw cannotUndo("the payment is on account " + payment.accountId() + ", the reversal on "
                    + reversal.accountId() + ": money returns to the account it was paid into");
        }
        if (!payment.currency().equals(reversal.currency())) {
            throw cannotUndo("the payment is in " + payment.currency() + ", the reversal in " + reversal.currency());
        }
        if (payment.amount().signum() == reversal.amount().signum()) {
            throw cannotUndo("the payment of " + payment.amount().toPlainString() + " and the reversal of "
                    + reversal.amount().toPlainString() + " move money the same way; a reversal moves it back");
        }
        int cmp = reversal.amount().abs().compareTo(payment.amount().abs());
        if (cmp > 0) {
            throw cannotUndo("the reversal of " + reversal.amount().abs().toPlainString() + " " + reversal.currency()
                    + " is more than the payment's " + payment.amount().abs().toPlainString());
        }
        if (cmp < 0) {
            throw cannotUndo("the reversal of " + reversal.amount().abs().toPlainString() + " " + reversal.currency()
                    + " returns only part of the payment's "
                    + payment.amount().abs().toPlainString()
                    + "; a partial return is not linked (it would reopen the whole amount)");
        }
        if (payment.bookingDate().isAfter(reversal.bookingDate())) {
            throw cannotUndo("the payment was booked on " + payment.bookingDate() + ", after the reversal of "
                    + reversal.bookingDate());
        }
    }

    private static ProblemException cannotUndo(String message) {
        return new ProblemException(
                422,
                "cannot-undo",
                "Unprocessable request",
                PAYMENT_FIELD + ": " + message,
                List.of(new Problem.FieldError(PAYMENT_FIELD, message)));
    }
}
