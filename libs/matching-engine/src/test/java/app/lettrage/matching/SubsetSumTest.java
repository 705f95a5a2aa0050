package app.lettrage.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubsetSumTest {

    @Test
    void findsTheCombination() {
        long[] a = {90000, 10191, 55000, 2500};
        List<int[]> sols = SubsetSum.find(a, 100191, 100191, 2, 2, 100_000);
        assertThat(sols).hasSize(1);
        assertThat(sols.get(0)).containsExactly(0, 1);
    }

    @Test
    void reportsASecondSolutionSoTheCallerKnowsItIsAmbiguous() {
        long[] a = {100, 200, 300};
        assertThat(SubsetSum.find(a, 300, 300, 2, 2, 100_000)).hasSize(1); // 100+200 (300 alone is size 1)
        long[] b = {100, 200, 150, 150};
        assertThat(SubsetSum.find(b, 300, 300, 2, 2, 100_000)).hasSize(2);
    }

    @Test
    void stepBudgetBoundsTheWorstCase() {
        long[] a = new long[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1_000_003L * (i + 1) + (i * 7919L) % 1000; // no subset hits the target
        }
        long t0 = System.nanoTime();
        List<int[]> sols = SubsetSum.find(a, 123_456_789L, 123_456_789L, 2, 2, 200_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(sols).isEmpty();
        assertThat(ms).isLessThan(2_000);
    }
}
