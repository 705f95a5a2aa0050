package app.lettrage.matching;

import app.lettrage.matching.BankTransaction.Conversion;
import app.lettrage.matching.OpenItemBook.Item;
import app.lettrage.matching.OpenItemBook.Partition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides a payment the bank converted from another currency, against invoices in that currency, with the same rules
 * as a payment in an invoice's own currency (the decision is the engine's, on the transaction seen in the invoice's
 * currency):
 *
 * <ul>
 *   <li>With the amount the payer instructed: the transaction is decided on that amount, exactly, among the invoices of
 *       its currency. The payer paid the invoice in its currency, so there is no FX difference.
 *   <li>With the bank's rate only: the booked amount converted at the rate (at the invoice currency's exponent) settles
 *       an invoice whose amount due it is within the tenant's {@code fxTolerance} of; the gap is the allocation's
 *       realised FX difference. Each invoice within the tolerance is decided as if paid exactly, and the payment is
 *       matched without a person only when exactly one of them would be: two invoices that fit within the tolerance
 *       are for a person.
 * </ul>
 *
 * The booked amount is always decided too (invoices in the account's currency, exactly as before): of the two
 * decisions, an automatic match wins, else the better suggestion. A payment without instructed amount nor rate is
 * never compared with invoices of another currency.
 */
final class ConvertedPayments {

    /** How many invoices within the FX tolerance are decided one by one (the closest in amount). */
    static final int MAX_WITHIN_TOLERANCE = 8;
    /** Confidence cap when several invoices fit within the tolerance: shown, never automatic. */
    private static final double SEVERAL_FIT = 0.85;

    private ConvertedPayments() {}

    static Decision decide(
            BankTransaction tx, OpenItemBook book, MatchingSettings s, Function<BankTransaction, Decision> asBooked) {
        Conversion c = tx.conversion();
        if (c.instructedAmount() != null) {
            Decision instructed = asInstructed(tx, c, asBooked);
            if (instructed.status() == MatchStatus.AUTO_MATCHED) {
                return instructed;
            }
            return better(instructed, asBooked.apply(tx), s);
        }
        Decision booked = asBooked.apply(tx);
        if (booked.status() == MatchStatus.AUTO_MATCHED) {
            return booked;
        }
        return better(atRate(tx, c, book, s, asBooked), booked, s);
    }

    private static Decision asInstructed(
            BankTransaction tx, Conversion c, Function<BankTransaction, Decision> asBooked) {
        BigDecimal amount = c.instructedAmount().abs();
        Decision d = asBooked.apply(tx.as(tx.amount().signum() < 0 ? amount.negate() : amount, c.currency()));
        String why = "paid as instructed: " + c.currency() + " " + amount.toPlainString() + " (booked " + tx.currency()
                + " " + tx.amount().abs().toPlainString() + ")";
        return withReason(d, why);
    }

    private static Decision atRate(
            BankTransaction tx,
            Conversion c,
            OpenItemBook book,
            MatchingSettings s,
            Function<BankTransaction, Decision> asBooked) {
        Direction dir = Direction.settledBy(tx.amount());
        Partition p = dir == null ? null : book.partition(dir, c.currency());
        if (p == null || p.open == 0) {
            return Decision.unmatched(
                    tx.id(), List.of("no open invoice in " + c.currency() + " for the converted amount"));
        }
        int exp = Money.exponent(c.currency());
        BigDecimal converted = tx.amount().abs().divide(c.rate(), exp, RoundingMode.HALF_EVEN);
        if (converted.signum() <= 0 || converted.precision() - converted.scale() > 15) {
            return Decision.unmatched(
                    tx.id(),
                    List.of("the amount converted at " + c.rate().toPlainString() + " is out of range: no invoice in "
                            + c.currency() + " compared"));
        }
        long conv = Money.toMinor(converted, exp);
        BigDecimal tol = s.fxTolerance();
        // |due - converted| <= tol * due  <=>  converted / (1 + tol) <= due <= converted / (1 - tol)
        long lo = BigDecimal.valueOf(conv)
                .divide(BigDecimal.ONE.add(tol), 0, RoundingMode.CEILING)
                .longValueExact();
        long hi = BigDecimal.valueOf(conv)
                .divide(BigDecimal.ONE.subtract(tol), 0, RoundingMode.FLOOR)
                .longValueExact();
        List<Item> within = closest(p, lo, hi, conv);
        String how = "converted " + tx.currency() + " " + tx.amount().abs().toPlainString() + " at "
                + c.rate().toPlainString() + " = " + c.currency() + " " + converted.toPlainString();
        if (within.isEmpty()) {
            return Decision.unmatched(
                    tx.id(), List.of(how + ": no open invoice within the FX tolerance of " + percent(tol)));
        }
        boolean allSeen = within.size() <= MAX_WITHIN_TOLERANCE;
        if (!allSeen) {
            within = within.subList(0, MAX_WITHIN_TOLERANCE);
        }
        Map<String, Candidate> autos = new LinkedHashMap<>();
        List<Candidate> shown = new ArrayList<>();
        for (Item it : within) {
            BigDecimal due = Money.fromMinor(it.dueMinor, exp);
            Decision d = asBooked.apply(tx.as(tx.amount().signum() < 0 ? due.negate() : due, c.currency()));
            String gap = how + "; " + it.invoice.number() + " is due " + due.toPlainString() + ", FX difference "
                    + due.subtract(converted).toPlainString() + " within the tolerance of " + percent(tol);
            for (Candidate k : d.candidates()) {
                Allocation only = k.allocations().size() == 1 ? k.allocations().get(0) : null;
                if (only == null
                        || !only.invoiceId().equals(it.id())
                        || only.writeOff().signum() != 0) {
                    continue; // a group, a fee or another invoice: not what the conversion explains
                }
                Candidate fx = converted(k, it.id(), converted, due, gap);
                boolean auto = d.status() == MatchStatus.AUTO_MATCHED
                        && d.allocations().equals(k.allocations());
                if (auto) {
                    autos.put(it.id(), fx);
                }
                shown.add(fx);
            }
        }
        shown.sort(Comparator.comparingDouble((Candidate k) -> -k.confidence())
                .thenComparing(k -> k.invoiceIds().get(0)));
        Candidate chosen = clearlyBest(autos, s);
        if (chosen != null && allSeen) {
            Candidate k = chosen;
            return new Decision(tx.id(), MatchStatus.AUTO_MATCHED, k.allocations(), k.confidence(), k.reasons(), shown);
        }
        if (shown.isEmpty()) {
            return Decision.unmatched(
                    tx.id(),
                    List.of(how + ": no invoice within the FX tolerance of " + percent(tol)
                            + " has evidence enough to be suggested"));
        }
        List<Candidate> capped = new ArrayList<>();
        String several = autos.size() > 1
                ? autos.size() + " invoices fit within the FX tolerance: for a person to choose"
                : within.size() + " or more invoices lie within the FX tolerance: for a person to choose";
        for (Candidate k : shown.subList(0, Math.min(shown.size(), s.maxCandidates()))) {
            List<String> reasons = new ArrayList<>(k.reasons());
            if (autos.size() > 1 || !allSeen) {
                reasons.add(several);
            }
            capped.add(new Candidate(k.allocations(), Math.min(k.confidence(), SEVERAL_FIT), reasons));
        }
        Candidate best = capped.get(0);
        return new Decision(
                tx.id(), MatchStatus.SUGGESTED, best.allocations(), best.confidence(), best.reasons(), capped);
    }

    /**
     * The one invoice the conversion settles without a person: the only one that would be matched automatically if
     * paid exactly, or the one whose evidence beats every other such by the ambiguity margin (a reference that names
     * it, against a payer's other invoice that only the amount points to). Null when none or undecided.
     */
    private static Candidate clearlyBest(Map<String, Candidate> autos, MatchingSettings s) {
        Candidate best = null;
        double second = 0.0;
        for (Candidate k : autos.values()) {
            if (best == null || k.confidence() > best.confidence()) {
                second = best == null ? second : Math.max(second, best.confidence());
                best = k;
            } else {
                second = Math.max(second, k.confidence());
            }
        }
        if (best == null || (autos.size() > 1 && best.confidence() - second < s.ambiguityMargin())) {
            return null;
        }
        return best;
    }

    /** The open invoices whose amount due lies in [lo, hi] minor units, closest to {@code conv} first. */
    private static List<Item> closest(Partition p, long lo, long hi, long conv) {
        List<Item> found = new ArrayList<>();
        for (IdSet<Item> items : p.byDue.subMap(lo, true, hi, true).values()) {
            for (Item it : items) {
                found.add(it);
                if (found.size() > 4 * MAX_WITHIN_TOLERANCE) {
                    break; // enough to know there are too many to decide by amount
                }
            }
        }
        found.sort(Comparator.comparingLong((Item it) -> Math.abs(it.dueMinor - conv))
                .thenComparing(Item::id));
        return found;
    }

    /** The candidate with its allocation as the conversion settles it: the converted money plus the FX difference. */
    private static Candidate converted(
            Candidate k, String invoiceId, BigDecimal converted, BigDecimal due, String gap) {
        List<String> reasons = new ArrayList<>(k.reasons());
        reasons.add(gap);
        return new Candidate(
                List.of(new Allocation(invoiceId, converted, BigDecimal.ZERO, due.subtract(converted))),
                k.confidence(),
                reasons);
    }

    /** An automatic match wins; else the surer suggestion, with the other's candidates after its own. */
    private static Decision better(Decision a, Decision b, MatchingSettings s) {
        if (a.status() == MatchStatus.AUTO_MATCHED) {
            return a;
        }
        if (b.status() == MatchStatus.AUTO_MATCHED) {
            return b;
        }
        boolean aFirst =
                a.status() != b.status() ? a.status() == MatchStatus.SUGGESTED : a.confidence() >= b.confidence();
        Decision first = aFirst ? a : b;
        Decision second = first == a ? b : a;
        List<Candidate> candidates = new ArrayList<>(first.candidates());
        candidates.addAll(second.candidates());
        candidates.sort(Comparator.comparingDouble((Candidate k) -> -k.confidence()));
        List<String> reasons = new ArrayList<>(first.reasons());
        if (first.status() == MatchStatus.UNMATCHED) {
            reasons.addAll(second.reasons());
        }
        return new Decision(
                first.transactionId(),
                first.status(),
                first.allocations(),
                first.confidence(),
                reasons,
                candidates.subList(0, Math.min(candidates.size(), s.maxCandidates())));
    }

    private static Decision withReason(Decision d, String reason) {
        List<String> reasons = new ArrayList<>();
        reasons.add(reason);
        reasons.addAll(d.reasons());
        return new Decision(d.transactionId(), d.status(), d.allocations(), d.confidence(), reasons, d.candidates());
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
