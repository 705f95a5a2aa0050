package app.lettrage.matching;

import java.math.BigDecimal;

/**
 * A tenant's amount tolerances in the minor units of one currency, derived once from its {@link MatchingSettings}
 * (BigDecimal arithmetic) and reused by every decision with the same settings and exponent.
 */
final class Limits {
    final MatchingSettings settings;
    final int exponent;
    final long overAbsMinor;
    final long unitMinor;
    final long overRelPpm;
    final long discPpm;
    final int maxDiscountPermille;
    private final FeePolicy[] fees = new FeePolicy[PaymentChannel.values().length];

    Limits(MatchingSettings s, int exponent) {
        this.settings = s;
        this.exponent = exponent;
        this.overAbsMinor = Money.toMinor(s.overpaymentToleranceAbsolute(), exponent);
        this.unitMinor = Money.toMinor(BigDecimal.ONE, exponent);
        this.overRelPpm = FeePolicy.ppm(s.overpaymentToleranceRelative());
        this.discPpm = FeePolicy.ppm(s.discountTolerance());
        this.maxDiscountPermille = s.discountTolerance().movePointRight(3).intValue();
        for (PaymentChannel c : PaymentChannel.values()) {
            fees[c.ordinal()] = new FeePolicy(c, s, exponent);
        }
    }

    FeePolicy fees(PaymentChannel channel) {
        return fees[channel.ordinal()];
    }

    boolean isFor(MatchingSettings s, int exponent) {
        return settings == s && this.exponent == exponent;
    }
}
