package app.lettrage.reconciliation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Derives a tenant's effective auto-match threshold from the outcomes its people gave to the engine's decisions
 * ({@link CalibrationBand}). Only the threshold moves: the engine's vetoes and its ambiguity rule stay as they are.
 *
 * <p>The rule (docs/reconciliation.md, "Calibration") tests the precision target {@value #TARGET_PRECISION} with the
 * Wilson score interval at one-sided 95% ({@link #Z}):
 *
 * <ul>
 *   <li><b>Raise</b> when the outcomes at or above the configured threshold show, at 95%, a precision below the
 *       target (Wilson upper bound below it): the threshold goes to the lowest band edge above which they no longer
 *       do, at most 1.0. One undone automatic match among few is enough; one among 200 right ones is not.
 *   <li><b>Lower</b> (only when not raised), one band at a time from the configured threshold down, while the
 *       outcomes from that band up to the configured threshold (those the lower threshold would newly settle) show
 *       at 95% a precision at or above the target (Wilson lower bound, which needs at least 1,351 outcomes without a
 *       single failure); every band down to it must have at least {@value #MIN_BAND_SAMPLES} outcomes whose observed
 *       precision meets the target, so that a thin or doubtful band is never carried by its neighbours. Never below
 *       the floor.
 * </ul>
 */
public final class ThresholdCalibration {

    /** The precision automatic matches are held to: one wrong match costs more than a hundred suggestions. */
    public static final double TARGET_PRECISION = 0.998;

    /** One-sided 95% normal quantile of the Wilson bounds. */
    public static final double Z = 1.6449;

    /** The lowest a calibrated threshold goes, whatever the evidence: below it the engine's scores mean too little. */
    public static final BigDecimal MINIMUM_FLOOR = new BigDecimal("0.80");

    /** Outcomes a band needs before the threshold is lowered to it. */
    public static final int MIN_BAND_SAMPLES = 100;

    /** What the rule decided, and the counts behind it. */
    public record Calibrated(
            BigDecimal configured,
            BigDecimal threshold,
            BigDecimal floor,
            long confirmed,
            long rejected,
            long autoMatched,
            long autoUndone,
            String reason) {

        public boolean moved() {
            return threshold.compareTo(configured) != 0;
        }
    }

    private ThresholdCalibration() {}

    /** The floor: the suggest threshold plus the ambiguity margin, never below {@link #MINIMUM_FLOOR}; a band edge. */
    public static BigDecimal floor(BigDecimal suggestThreshold, BigDecimal ambiguityMargin) {
        BigDecimal f = suggestThreshold.add(ambiguityMargin).setScale(2, RoundingMode.CEILING);
        return f.max(MINIMUM_FLOOR).min(BigDecimal.ONE);
    }

    public static Calibrated calibrate(
            BigDecimal configured,
            BigDecimal suggestThreshold,
            BigDecimal ambiguityMargin,
            List<CalibrationBand> bands) {
        long[] s = new long[101];
        long[] f = new long[101];
        long confirmed = 0, rejected = 0, autoMatched = 0, autoUndone = 0;
        for (CalibrationBand b : bands) {
            s[b.band()] += b.successes();
            f[b.band()] += b.failures();
            confirmed += b.confirmed();
            rejected += b.rejected();
            autoMatched += b.autoMatched();
            autoUndone += b.autoUndone();
        }
        BigDecimal floor = floor(suggestThreshold, ambiguityMargin);
        int configuredBand =
                configured.movePointRight(2).setScale(0, RoundingMode.FLOOR).intValueExact();
        String why = "no outcome moves it";
        BigDecimal threshold = configured;

        // raise: from the configured threshold's band up, while the outcomes above are evidence of poor precision
        int from = configuredBand;
        while (from <= 100 && tooImprecise(sum(s, from, 100), sum(f, from, 100))) {
            from++;
        }
        if (from > configuredBand) {
            threshold =
                    from > 100 ? BigDecimal.ONE : BigDecimal.valueOf(from, 2).max(configured);
            why = String.format(
                    Locale.ROOT,
                    "raised: %d of %d outcomes at %.2f or more went wrong (95%% upper bound of precision below %.3f)",
                    sum(f, configuredBand, 100),
                    sum(s, configuredBand, 100) + sum(f, configuredBand, 100),
                    configured.doubleValue(),
                    TARGET_PRECISION);
        } else {
            // lower: band by band below the configured threshold, while the evidence says precise enough
            int top = configured
                    .movePointRight(2)
                    .setScale(0, RoundingMode.CEILING)
                    .intValueExact(); // exclusive
            int lowest = top;
            for (int k = top - 1; k >= 0 && BigDecimal.valueOf(k, 2).compareTo(floor) >= 0; k--) {
                long n = s[k] + f[k];
                boolean bandOk = n >= MIN_BAND_SAMPLES && s[k] >= TARGET_PRECISION * n;
                if (!bandOk) {
                    break; // bands are taken contiguously: a lower band never skips a doubtful one
                }
                long ok = sum(s, k, top - 1);
                if (wilsonLower(ok, ok + sum(f, k, top - 1)) >= TARGET_PRECISION) {
                    lowest = k;
                }
            }
            if (lowest < top) {
                threshold = BigDecimal.valueOf(lowest, 2);
                long ok = sum(s, lowest, top - 1);
                long all = ok + sum(f, lowest, top - 1);
                why = String.format(
                        Locale.ROOT,
                        "lowered: %d of %d outcomes from %.2f up to %.4f were right (95%% lower bound %.4f)",
                        ok,
                        all,
                        threshold.doubleValue(),
                        configured.doubleValue(),
                        wilsonLower(ok, all));
            }
        }
        return new Calibrated(configured, threshold, floor, confirmed, rejected, autoMatched, autoUndone, why);
    }

    /** The outcomes show, at 95%, a precision below the target. */
    static boolean tooImprecise(long successes, long failures) {
        return failures > 0 && wilsonUpper(successes, successes + failures) < TARGET_PRECISION;
    }

    static double wilsonLower(long successes, long n) {
        return n == 0 ? 0 : wilson(successes, n, -1);
    }

    static double wilsonUpper(long successes, long n) {
        return n == 0 ? 1 : wilson(successes, n, 1);
    }

    private static double wilson(long successes, long n, int sign) {
        double p = (double) successes / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2.0 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (centre + sign * spread) / (1 + z2 / n);
    }

    private static long sum(long[] counts, int from, int to) {
        long total = 0;
        for (int k = Math.max(0, from); k <= Math.min(100, to); k++) {
            total += counts[k];
        }
        return total;
    }
}
