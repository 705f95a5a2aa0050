package app.lettrage.matching.gen;

import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Decision;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.cli.Replay;
import app.lettrage.matching.cli.Scores;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the engine on a generated set and breaks the outcome down by {@link Kind}: how many were matched automatically
 * (right, wrong), suggested with the truth first, or neither. Used by the tests and, as a main, to look at a seed:
 *
 * <pre>
 * java -cp libs/matching-engine/target/matching-engine.jar:libs/matching-engine/target/test-classes \
 *      app.lettrage.matching.gen.KindReport adversarial 1
 * </pre>
 */
public final class KindReport {
    final Scores scores = new Scores();
    final Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
    /** Wrong automatic matches, for a message: kind, transaction, what was matched, the truth. */
    final List<String> wrong = new ArrayList<>();
    /** Automatic matches of kinds that a person must confirm (right or wrong). */
    final List<String> autoOnPersonKinds = new ArrayList<>();

    static final int AUTO_RIGHT = 0;
    static final int AUTO_WRONG = 1;
    static final int SUGGESTED_FIRST = 2;
    static final int OTHER = 3;

    static KindReport run(Generator.DataSet set, MatchingSettings settings) {
        KindReport rep = new KindReport();
        Replay.run(set.invoices(), set.transactions(), settings, d -> rep.add(d, set));
        return rep;
    }

    private void add(Decision d, Generator.DataSet set) {
        Set<String> truth = set.truth().get(d.transactionId());
        Kind k = set.kinds().get(d.transactionId());
        scores.add(d, truth);
        int[] c = byKind.computeIfAbsent(k, x -> new int[4]);
        if (d.status() == MatchStatus.AUTO_MATCHED) {
            boolean right = Scores.ids(d.allocations()).equals(truth);
            c[right ? AUTO_RIGHT : AUTO_WRONG]++;
            if (!right) {
                wrong.add(k + " " + d.transactionId() + " matched " + Scores.ids(d.allocations()) + " truth " + truth
                        + " " + d.reasons());
            }
            if (k.forAPerson()) {
                autoOnPersonKinds.add(k + " " + d.transactionId());
            }
        } else if (d.status() == MatchStatus.SUGGESTED
                && !truth.isEmpty()
                && !d.candidates().isEmpty()
                && Scores.ids(d.candidates().get(0).allocations()).equals(truth)) {
            c[SUGGESTED_FIRST]++;
        } else {
            c[OTHER]++;
        }
    }

    String table() {
        StringBuilder b = new StringBuilder(
                String.format(Locale.ROOT, "%-26s %7s %7s %7s %7s%n", "kind", "auto ok", "auto X", "sugg 1", "other"));
        for (Map.Entry<Kind, int[]> e : byKind.entrySet()) {
            int[] c = e.getValue();
            b.append(String.format(Locale.ROOT, "%-26s %7d %7d %7d %7d%n", e.getKey(), c[0], c[1], c[2], c[3]));
        }
        return b.toString();
    }

    public static void main(String[] args) {
        String profile = args.length > 0 ? args[0] : "adversarial";
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int invoices = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Profile p = profile.equals("adversarial") ? Profile.adversarial() : Profile.realistic(invoices);
        Generator.DataSet set = Generator.generate(p, seed);
        KindReport rep = run(set, MatchingSettings.defaults());
        System.out.println(p.name() + " seed " + seed + ": " + rep.scores);
        System.out.print(rep.table());
        int shown = 0;
        for (String w : rep.wrong) {
            if (shown++ < 40) {
                System.out.println("WRONG " + w);
            }
        }
        if (args.length > 3) {
            // show the transactions of one kind that were not matched right automatically, with the decision
            Kind show = Kind.valueOf(args[3]);
            Map<String, BankTransaction> txs = new java.util.HashMap<>();
            for (BankTransaction t : set.transactions()) {
                txs.put(t.id(), t);
            }
            Map<String, app.lettrage.matching.Invoice> invs = new java.util.HashMap<>();
            for (app.lettrage.matching.Invoice i : set.invoices()) {
                invs.put(i.id(), i);
            }
            int[] n = {0};
            Replay.run(set.invoices(), set.transactions(), MatchingSettings.defaults(), d -> {
                Set<String> truth = set.truth().get(d.transactionId());
                if (set.kinds().get(d.transactionId()) == show
                        && !(d.status() == MatchStatus.AUTO_MATCHED
                                && Scores.ids(d.allocations()).equals(truth))
                        && n[0]++ < 15) {
                    BankTransaction t = txs.get(d.transactionId());
                    System.out.println("--- " + t);
                    for (String id : truth) {
                        System.out.println("    truth " + invs.get(id));
                    }
                    System.out.println("    " + d.status() + " " + d.reasons());
                    if (!d.candidates().isEmpty()) {
                        System.out.println(
                                "    first " + Scores.ids(d.candidates().get(0).allocations()));
                    }
                }
            });
        }
    }
}
