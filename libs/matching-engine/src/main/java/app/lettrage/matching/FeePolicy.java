package app.lettrage.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The largest shortfall that is plausible as a fee deducted from one payment: depends on the channel (see {@link
 * PaymentChannel}) and is bounded in absolute and relative terms by the tenant's {@link MatchingSettings}. The
 * rationale of the defaults is on {@link MatchingSettings#defaults()}.
 */
final class FeePolicy {
    /**
     * Fixed part of a card acquirer's per-transaction fee (published schedules: 0.25 EUR for Stripe's EEA and
     * international cards, 0.35 EUR for PayPal's commercial transactions), added to the relative part.
     */
    static final BigDecimal CARD_FIXED_FEE = new BigDecimal("0.35");

    private final PaymentChannel channel;
    private final long absMinor;
    private final long relPpm;
    private final long cardPpm;
    private final long cardFixedMinor;

    FeePolicy(PaymentChannel channel, MatchingSettings s, int exponent) {
        this.channel = channel;
        this.absMinor = Money.toMinor(
                channel == PaymentChannel.SEPA ? s.sepaFeeToleranceAbsolute() : s.feeToleranceAbsolute(), exponent);
        this.relPpm = ppm(s.feeToleranceRelative());
        this.cardPpm = ppm(s.cardFeeToleranceRelative());
        this.cardFixedMinor = Money.toMinor(CARD_FIXED_FEE, exponent);
    }

    PaymentChannel channel() {
        return channel;
    }

    /** The largest shortfall on {@code dueMinor} that is written off as a fee of this channel. */
    long maxFee(long dueMinor) {
        if (channel == PaymentChannel.CARD) {
            return Arith.mulPpm(dueMinor, cardPpm) / 1_000_000 + cardFixedMinor;
        }
        return Math.min(absMinor, Arith.mulPpm(dueMinor, relPpm) / 1_000_000);
    }

    /** What a reason says about the range, e.g. "SEPA transfer fee range (≤ 2.50 and ≤ 5% of the amount due)". */
    String describe(int exponent) {
        if (channel == PaymentChannel.CARD) {
            return channel.label() + " fee range (" + percent(cardPpm) + " + " + Money.format(cardFixedMinor, exponent)
                    + ")";
        }
        return channel.label() + " fee range (at most " + Money.format(absMinor, exponent) + " and " + percent(relPpm)
                + " of the amount due)";
    }

    private static String percent(long ppm) {
        return BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString() + "%";
    }

    static long ppm(BigDecimal fraction) {
        return fraction.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
