package app.lettrage.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of one direction's invoice numbers, learnt from the numbers themselves: "FV-2026-00019" has the prefix FV
 * and digit groups of 4 and 5. A remittance token of a known shape is a number the payer quotes as an invoice of this
 * tenant, whether or not it names an open invoice: "FV-2026-00412" when no such invoice is open is explicit evidence,
 * "Bestellung 4711" is not.
 */
final class NumberShapes {
    /** Digit groups of more than this many are no invoice number shape we learn. */
    private static final int MAX_GROUPS = 4;
    /** Prefix (letters, "" for none) -> shape -> how many known invoice numbers have it. */
    private final Map<String, Map<Shape, Integer>> shapes = new HashMap<>();

    /**
     * Digit group lengths of a number; for numbers without a letter prefix, the first group's digits themselves when it
     * is a year (numbers such as "2026-0042"), since bare lengths would match order numbers and dates.
     */
    private record Shape(List<Integer> lengths, String firstGroup) {}

    /** A number of a known shape found in a text: as shown to a person, and its look-up keys. */
    record Quoted(String shown, List<String> keys) {}

    /** Learns the shape of a number, cut into runs ({@link References#runs}). */
    void add(List<String> runs) {
        change(runs, 1);
    }

    void remove(List<String> runs) {
        change(runs, -1);
    }

    private void change(List<String> runs, int delta) {
        if (runs.isEmpty()) {
            return;
        }
        int from = References.isDigit(runs.get(0).charAt(0)) ? 0 : 1;
        String prefix = from == 0 ? "" : runs.get(0);
        if (runs.size() - from < 1 || runs.size() - from > MAX_GROUPS) {
            return;
        }
        List<Integer> lengths = new ArrayList<>();
        for (int i = from; i < runs.size(); i++) {
            if (!References.isDigit(runs.get(i).charAt(0))) {
                return; // letters inside the number: no shape we recognise
            }
            lengths.add(runs.get(i).length());
        }
        if (!prefix.isEmpty()) {
            bump(prefix, new Shape(List.copyOf(lengths), null), delta);
        }
        // payers drop the prefix ("2026-00019"): without it only several groups, the first one a year, are distinctive
        if (lengths.size() >= 2 && isYear(runs.get(from))) {
            bump("", new Shape(List.copyOf(lengths), runs.get(from)), delta);
        }
    }

    private void bump(String prefix, Shape shape, int delta) {
        Map<Shape, Integer> m = shapes.computeIfAbsent(prefix, k -> new LinkedHashMap<>());
        int n = m.getOrDefault(shape, 0) + delta;
        if (n <= 0) {
            m.remove(shape);
            if (m.isEmpty()) {
                shapes.remove(prefix);
            }
        } else {
            m.put(shape, n);
        }
    }

    private static boolean isYear(String digits) {
        return (digits.length() == 4 && (digits.startsWith("19") || digits.startsWith("20"))) || digits.length() == 2;
    }

    /** Numbers of a known shape in a text, each once, in order of appearance. */
    List<Quoted> find(String text, List<String> runs) {
        List<Quoted> out = new ArrayList<>();
        if (text == null || shapes.isEmpty()) {
            return out;
        }
        boolean mayBeCut = References.mayBeCut(text);
        int i = 0;
        while (i < runs.size()) {
            String r = runs.get(i);
            boolean letters = !References.isDigit(r.charAt(0));
            Map<Shape, Integer> candidates = shapes.get(letters ? r : "");
            int end = candidates == null ? -1 : match(runs, letters ? i + 1 : i, candidates, !letters, mayBeCut);
            if (end < 0) {
                i++;
                continue;
            }
            String shown = String.join("-", runs.subList(i, end));
            String compact = String.join("", runs.subList(i, end));
            String canonical = References.canonical(runs, i, end);
            Quoted q = new Quoted(shown, List.of("N:" + compact, "C:" + canonical));
            if (out.stream().noneMatch(o -> o.keys().equals(q.keys()))) {
                out.add(q);
            }
            i = end;
        }
        return out;
    }

    /**
     * Whether the digit groups from {@code from} fit one of the shapes: the same groups, the last one possibly without
     * its leading zeros ("FV-2026-19", unless the text may have been cut there), or all digits run together
     * ("FV202600019"); without a prefix, exactly. Returns
     * the end (exclusive) of the match, or -1.
     */
    private static int match(
            List<String> runs, int from, Map<Shape, Integer> candidates, boolean bare, boolean mayBeCut) {
        int n = 0;
        while (from + n < runs.size()
                && n < MAX_GROUPS
                && References.isDigit(runs.get(from + n).charAt(0))) {
            n++;
        }
        if (n == 0) {
            return -1;
        }
        for (Shape s : candidates.keySet()) {
            List<Integer> want = s.lengths();
            int k = want.size();
            if (bare) {
                if (n < k || !runs.get(from).equals(s.firstGroup())) {
                    continue;
                }
                boolean same = true;
                for (int g = 0; g < k && same; g++) {
                    same = runs.get(from + g).length() == want.get(g);
                }
                if (same) {
                    return from + k;
                }
                continue;
            }
            if (n >= k) {
                boolean fits = true;
                for (int g = 0; g < k - 1 && fits; g++) {
                    fits = runs.get(from + g).length() == want.get(g);
                }
                int last = runs.get(from + k - 1).length();
                boolean atEnd = from + k == runs.size();
                if (fits && last <= want.get(k - 1) && !(atEnd && mayBeCut && last < want.get(k - 1))) {
                    return from + k;
                }
            }
            if (k > 1
                    && runs.get(from).length()
                            == want.stream().mapToInt(Integer::intValue).sum()) {
                return from + 1;
            }
        }
        return -1;
    }
}
