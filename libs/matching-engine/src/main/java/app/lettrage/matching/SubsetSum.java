package app.lettrage.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded subset-sum over integer minor units: which combinations (of at least two) of at most {@code cap} open
 * amounts add up to a target range. Depth-first over amounts sorted descending with suffix-sum pruning and a step
 * budget, so the worst case stays bounded whatever the input.
 */
public final class SubsetSum {
    private SubsetSum() {}

    /**
     * @param amounts      candidate amounts (positive), in the order that breaks ties (earlier preferred)
     * @param lo           lowest acceptable sum
     * @param hi           highest acceptable sum
     * @param maxSolutions stop after this many solutions
     * @param maxSteps     step budget
     * @return solutions as index lists into {@code amounts}, ascending indices
     */
    public static List<int[]> find(long[] amounts, long lo, long hi, int minSize, int maxSolutions, int maxSteps) {
        int n = amounts.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
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
        List<int[]> out = new ArrayList<>();
        int[] stack = new int[n];
        int[] steps = {0};
        dfs(sorted, suffix, 0, 0, stack, 0, lo, hi, minSize, maxSolutions, maxSteps, steps, out, order);
        return out;
    }

    private static void dfs(
            long[] a,
            long[] suffix,
            int i,
            long sum,
            int[] stack,
            int depth,
            long lo,
            long hi,
            int minSize,
            int maxSolutions,
            int maxSteps,
            int[] steps,
            List<int[]> out,
            Integer[] order) {
        if (out.size() >= maxSolutions || steps[0]++ > maxSteps) {
            return;
        }
        if (sum >= lo && sum <= hi && depth >= minSize) {
            int[] sol = new int[depth];
            for (int k = 0; k < depth; k++) {
                sol[k] = order[stack[k]];
            }
            java.util.Arrays.sort(sol);
            out.add(sol);
            // a superset could also fit only with zero amounts; amounts are positive, continue searching siblings
        }
        for (int j = i; j < a.length; j++) {
            if (sum + suffix[j] < lo) {
                return; // even taking everything left is too little
            }
            long s = sum + a[j];
            if (s > hi) {
                continue;
            }
            stack[depth] = j;
            dfs(a, suffix, j + 1, s, stack, depth + 1, lo, hi, minSize, maxSolutions, maxSteps, steps, out, order);
            if (out.size() >= maxSolutions || steps[0] > maxSteps) {
                return;
            }
            // skip equal amounts at the same depth to avoid duplicate solutions by value
            while (j + 1 < a.length && a[j + 1] == a[j]) {
                j++;
            }
        }
    }
}
