package app.lettrage.reconciliation;

import app.lettrage.events.ReturnReasons;
import app.lettrage.reconciliation.ReconTransaction.State;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which payment a reversal undoes, by the rules of the payment schemes, never by a score: a return or a reversal
 * moves the same amount the other way on the same account, after the payment, within the longest window a scheme
 * allows, and it carries the payment's end-to-end id (SEPA R-transactions return the original's EndToEndId) or at
 * least its counterparty or reference. So:
 * <ol>
 *   <li>A candidate must be a booked payment (not itself a reversal, not already reversed, not superseded) of the
 *       same tenant, account and currency, for exactly the opposite amount, booked on or before the reversal and no
 *       earlier than {@link #WINDOW} before it.
 *   <li>The same end-to-end id decides: exactly one candidate with it is the payment, whatever IBAN or reference
 *       the return line carries (a bank's return reference, a card acquirer's account).
 *   <li>Without a shared end-to-end id, contrary evidence excludes: both name an end-to-end id, a counterparty IBAN
 *       or a structured reference, and they differ. Then exactly one candidate that agrees on the counterparty (IBAN
 *       or name) or the structured reference is the payment.
 *   <li>Anything else links nothing: several candidates agree as well as each other (ambiguous), or only the amount
 *       agrees. The reversal waits, with the reason, for a person (or for its payment to arrive).
 * </ol>
 */
public final class ReversalLink {

    /**
     * How long before the reversal its payment may be booked: 13 months, the longest R-transaction window (a SEPA
     * direct debit refund of an unauthorised collection); card chargebacks (up to 120 or 540 days after the
     * transaction depending on the network and reason) fall within it too.
     */
    public static final Period WINDOW = Period.ofMonths(13);

    /** How many candidates are considered: more than this many payments of one amount is ambiguous anyway. */
    public static final int CANDIDATE_LIMIT = 50;

    /** The payment linked, or null with why nothing was. */
    public record Outcome(ReconTransaction original, String reason) {

        public boolean linked() {
            return original != null;
        }
    }

    private ReversalLink() {}

    /** The earliest booking date a payment undone by {@code reversal} may have. */
    public static LocalDate earliestBooking(ImportedTransaction reversal) {
        return reversal.bookingDate().minus(WINDOW);
    }

    /** Rule 1: whether {@code payment} is of the kind {@code reversal} could undo, before any evidence. */
    public static boolean couldUndo(ImportedTransaction reversal, ReconTransaction payment) {
        return reversal.isReversal()
                && !payment.isReversal()
                && payment.isIn(State.UNMATCHED, State.SUGGESTED, State.MATCHED)
                && !payment.transactionId().equals(reversal.transactionId())
                && payment.tenantId().equals(reversal.tenantId())
                && payment.accountId().equals(reversal.accountId())
                && payment.currency().equals(reversal.currency())
                && payment.amount().compareTo(reversal.amount().negate()) == 0
                && !payment.bookingDate().isAfter(reversal.bookingDate())
                && !payment.bookingDate().isBefore(earliestBooking(reversal));
    }

    /** Rules 1 to 4 over the payments the caller found (at most {@link #CANDIDATE_LIMIT} + 1 of them). */
    public static Outcome find(ImportedTransaction reversal, List<ReconTransaction> payments) {
        String reason = reversal.returnReason() == null
                ? "no return reason given"
                : "return reason " + ReturnReasons.describe(reversal.returnReason());
        if (payments.size() > CANDIDATE_LIMIT) {
            return new Outcome(
                    null,
                    "a reversal (" + reason + "): more than " + CANDIDATE_LIMIT
                            + " payments of the same amount could be the one it undoes; link it by hand");
        }
        List<ReconTransaction> eligible = new ArrayList<>();
        List<ReconTransaction> possible = new ArrayList<>();
        for (ReconTransaction p : payments) {
            if (couldUndo(reversal, p)) {
                eligible.add(p);
                if (!contradicts(reversal, p)) {
                    possible.add(p);
                }
            }
        }
        // the end-to-end id is the payer's own id for this payment, returned unchanged by SEPA R-transactions; the
        // return line's counterparty IBAN or reference may be the bank's or the acquirer's, so they do not overrule it
        String endToEnd = endToEndId(reversal);
        List<ReconTransaction> sameEndToEnd = eligible.stream()
                .filter(p -> endToEnd != null && endToEnd.equals(endToEndId(p)))
                .toList();
        if (sameEndToEnd.size() == 1) {
            return linked(sameEndToEnd.get(0), "the same end-to-end id " + endToEnd, reason);
        }
        if (sameEndToEnd.size() > 1) {
            return ambiguous(sameEndToEnd, "carry its end-to-end id " + endToEnd, reason);
        }
        List<ReconTransaction> agreeing = possible.stream()
                .filter(p -> !agreements(reversal, p).isEmpty())
                .toList();
        if (agreeing.size() == 1) {
            ReconTransaction p = agreeing.get(0);
            return linked(p, String.join(" and ", agreements(reversal, p)), reason);
        }
        if (agreeing.size() > 1) {
            return ambiguous(agreeing, "agree with it on counterparty or reference", reason);
        }
        return new Outcome(
                null,
                "a reversal (" + reason + ") of a payment not found: no earlier payment of "
                        + reversal.amount().negate().toPlainString() + " " + reversal.currency()
                        + " on this account names the same end-to-end id, counterparty or reference"
                        + (possible.isEmpty()
                                ? ""
                                : " (" + possible.size() + " of the same amount name nothing it has)")
                        + "; it is linked when its payment arrives, or by a person");
    }

    /** Rule 2: a field both name, with different values. */
    static boolean contradicts(ImportedTransaction reversal, ImportedTransaction p) {
        return differ(endToEndId(reversal), endToEndId(p))
                || differ(reversal.counterpartyIban(), p.counterpartyIban())
                || differ(OpenItem.key(reversal.structuredReference()), OpenItem.key(p.structuredReference()));
    }

    /** What besides the amount the two agree on (end-to-end id aside). */
    static List<String> agreements(ImportedTransaction reversal, ImportedTransaction p) {
        List<String> out = new ArrayList<>();
        if (reversal.counterpartyIban() != null && reversal.counterpartyIban().equals(p.counterpartyIban())) {
            out.add("the same counterparty IBAN");
        }
        String name = OpenItem.key(reversal.counterpartyName());
        if (!name.isEmpty() && name.equals(OpenItem.key(p.counterpartyName()))) {
            out.add("the same counterparty name");
        }
        String ref = OpenItem.key(reversal.structuredReference());
        if (!ref.isEmpty() && ref.equals(OpenItem.key(p.structuredReference()))) {
            out.add("the same reference");
        }
        return out;
    }

    /**
     * The transaction's end-to-end id as evidence, or null: SEPA's placeholder NOTPROVIDED (sent when the payer gave
     * none) is on countless unrelated payments, so it neither decides nor contradicts.
     */
    static String endToEndId(ImportedTransaction t) {
        String id = t.endToEndId();
        return id == null || id.isBlank() || id.strip().equalsIgnoreCase("NOTPROVIDED") ? null : id.strip();
    }

    private static boolean differ(String a, String b) {
        return a != null && !a.isEmpty() && b != null && !b.isEmpty() && !Objects.equals(a, b);
    }

    private static Outcome linked(ReconTransaction p, String evidence, String reason) {
        return new Outcome(
                p,
                "reverses payment " + p.transactionId() + " of " + p.bookingDate() + " (" + reason + "): "
                        + p.amount().toPlainString() + " " + p.currency() + " on the same account, " + evidence);
    }

    private static Outcome ambiguous(List<ReconTransaction> ps, String how, String reason) {
        List<String> ids =
                ps.stream().limit(5).map(ReconTransaction::transactionId).toList();
        return new Outcome(
                null,
                "a reversal (" + reason + ") not linked: " + ps.size() + " payments " + how + " " + ids
                        + (ps.size() > ids.size() ? " and more" : "") + "; a person decides which one it undoes");
    }
}
