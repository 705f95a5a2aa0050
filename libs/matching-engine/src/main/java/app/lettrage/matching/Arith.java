package app.lettrage.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Integer arithmetic on minor units that saturates or falls back to BigDecimal instead of overflowing. */
final class Arith {
    private Arith() {}

    /** v * ppm (not yet divided by 10^6), saturating instead of overflowing. */
    static long mulPpm(long v, long ppm) {
        long hi = Math.multiplyHigh(v, ppm);
        long lo = v * ppm;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE / 4;
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Whether {@code paid} is {@code num/den} of {@code total}, to the minor unit. */
    static boolean near(long paid, long total, int num, int den) {
        return Math.abs(fraction(total, num, den) - paid) <= 1;
    }

    /** total * num / den rounded half up, in integer arithmetic (BigDecimal only if it could overflow). */
    static long fraction(long total, int num, int den) {
        if (total < Long.MAX_VALUE / 1024) {
            return (total * num * 2 + den) / (2L * den);
        }
        return BigDecimal.valueOf(total)
                .multiply(BigDecimal.valueOf(num))
                .divide(BigDecimal.valueOf(den), 0, RoundingMode.HALF_UP)
                .longValue();
    }
}
