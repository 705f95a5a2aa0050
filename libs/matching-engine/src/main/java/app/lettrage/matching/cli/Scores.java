package app.lettrage.matching.cli;

import app.lettrage.matching.Allocation;
import app.lettrage.matching.Decision;
import app.lettrage.matching.MatchStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark scorer's figures (recon_score.py), computed in process: a transaction's answer is right when its set
 * of invoice ids equals the truth's (the empty set for a transaction that pays no invoice).
 */
public final class Scores {
    private int matchable;
    private int noise;
    private int auto;
    private int rightAuto;
    private int rightSuggested;
    private int noiseAuto;

    /** Counts one decision against the invoice ids it should have settled (empty: it pays none). */
    public void add(Decision d, Set<String> truth) {
        if (truth.isEmpty()) {
            noise++;
        } else {
            matchable++;
        }
        if (d.status() == MatchStatus.AUTO_MATCHED) {
            auto++;
            if (truth.isEmpty()) {
                noiseAuto++;
            } else if (ids(d.allocations()).equals(truth)) {
                rightAuto++;
            }
        } else if (d.status() == MatchStatus.SUGGESTED && !truth.isEmpty()) {
            List<Allocation> first = d.candidates().isEmpty()
                    ? d.allocations()
                    : d.candidates().get(0).allocations();
            if (ids(first).equals(truth)) {
                rightSuggested++;
            }
        }
    }

    /** Whether {@code d}, judged against {@code truth}, is an automatic match of the wrong invoices. */
    public static boolean wrongAuto(Decision d, Set<String> truth) {
        return d.status() == MatchStatus.AUTO_MATCHED && !ids(d.allocations()).equals(truth);
    }

    public static Set<String> ids(List<Allocation> allocations) {
        Set<String> s = new TreeSet<>();
        for (Allocation a : allocations) {
            s.add(a.invoiceId());
        }
        return s;
    }

    public int transactions() {
        return matchable + noise;
    }

    public int matchable() {
        return matchable;
    }

    public int auto() {
        return auto;
    }

    public int wrongAuto() {
        return auto - rightAuto;
    }

    public double autoPrecision() {
        return auto == 0 ? 0.0 : (double) rightAuto / auto;
    }

    public double autoRecall() {
        return matchable == 0 ? 0.0 : (double) rightAuto / matchable;
    }

    public double assistedRecall() {
        return matchable == 0 ? 0.0 : (double) (rightAuto + rightSuggested) / matchable;
    }

    public double noiseFalseAuto() {
        return noise == 0 ? 0.0 : (double) noiseAuto / noise;
    }

    /** Whether the figures meet issue 13's targets. */
    public boolean meetTargets() {
        return autoPrecision() >= 0.998
                && noiseFalseAuto() <= 0.001
                && autoRecall() >= 0.93
                && assistedRecall() >= 0.98;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "transactions=%d matchable=%d auto=%d wrong_auto=%d auto_precision=%.4f auto_recall=%.4f"
                        + " assisted_recall=%.4f noise_false_auto=%.4f",
                transactions(),
                matchable,
                auto,
                wrongAuto(),
                autoPrecision(),
                autoRecall(),
                assistedRecall(),
                noiseFalseAuto());
    }

    /** Scores decisions against a truth map (transaction id -> invoice ids); transactions without truth are skipped. */
    public static Scores of(Iterable<Decision> decisions, Map<String, Set<String>> truth) {
        Scores s = new Scores();
        for (Decision d : decisions) {
            Set<String> t = truth.get(d.transactionId());
            if (t != null) {
                s.add(d, t);
            }
        }
        return s;
    }
}
