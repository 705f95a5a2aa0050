package app.lettrage.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bounded subset-sum over integer minor units: which combinations (of at least {@code minSize}) of open amounts add up
 * to a target range. Smallest combinations first (a payer who pays two invoices at once is likelier than one who pays
 * eight), each size searched depth-first over amounts sorted descending with sum pruning, all sizes sharing one step
 * budget, so the worst case stays bounded whatever the input.
 */
public final class SubsetSum {
    private SubsetSum() {}

    /**
     * @param amounts      candidate amounts (positive), in the order that breaks ties (earlier preferred)
     * @param lo           lowest acceptable sum
     * @param hi           highest acceptable sum
     * @param minSize      fewest amounts in a combination
     * @param maxSolutions stop after this many solutions
     * @param maxSteps     step budget
     * @return solutions as index lists into {@code amounts}, ascending indices, smallest combinations first
     */
    public static List<int[]> find(long[] amounts, long lo, long hi, int minSize, int maxSolutions, int maxSteps) {
        int n = amounts.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> amounts[a] != amounts[b] ? Long.compare(amounts[b], amounts[a]) : Integer.compare(a, b));
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = amounts[order[i]];
        }
        long[] suffix = new long[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            suffix[i] = suffix[i + 1] + sorted[i];
        }
        Search s = new Search(sorted, suffix, order, lo, hi, maxSolutions, maxSteps);
        for (int size = Math.max(1, minSize); size <= n && !s.done(); size++) {
            s.size = size;
            s.dfs(0, 0, 0);
        }
        return s.out;
    }

    private static final class Search {
        final long[] a;
        final long[] suffix;
        final Integer[] order;
        final long lo;
        final long hi;
        final int maxSolutions;
        final int maxSteps;
        final int[] stack;
        final List<int[]> out = new ArrayList<>();
        int steps;
        int size;

        Search(long[] a, long[] suffix, Integer[] order, long lo, long hi, int maxSolutions, int maxSteps) {
            this.a = a;
            this.suffix = suffix;
            this.order = order;
            this.lo = lo;
            this.hi = hi;
            this.maxSolutions = maxSolutions;
            this.maxSteps = maxSteps;
            this.stack = new int[a.length];
        }

        boolean done() {
            return out.size() >= maxSolutions || steps > maxSteps;
        }

        /** Combinations of exactly {@link #size} amounts from index {@code i} on, {@code depth} of them chosen. */
        void dfs(int i, long sum, int depth) {
            if (done()) {
                return;
            }
            steps++;
            if (depth == size) {
                if (sum >= lo && sum <= hi) {
                    int[] sol = new int[depth];
                    for (int k = 0; k < depth; k++) {
                        sol[k] = order[stack[k]];
                    }
                    Arrays.sort(sol);
                    out.add(sol);
                }
                return;
            }
            int left = size - depth;
            for (int j = i; j + left <= a.length; j++) {
                // amounts are sorted descending: the largest that are left bound what the remaining picks can add
                if (sum + a[j] * left < lo || sum + suffix[j] < lo) {
                    return;
                }
                long s = sum + a[j];
                if (s + a[a.length - 1] * (left - 1) > hi) {
                    continue; // too much even with the smallest amounts for the rest
                }
                stack[depth] = j;
                dfs(j + 1, s, depth + 1);
                if (done()) {
                    return;
                }
                // skip equal amounts at the same depth to avoid duplicate solutions by value
                while (j + 1 < a.length && a[j + 1] == a[j]) {
                    j++;
                }
            }
        }
    }
}
