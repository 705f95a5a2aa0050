package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The rate at which the bank converted a payment into the account's currency: one unit of {@code currency} is
 * {@code rate} units of the transaction's currency (so the amount in {@code currency} is the transaction's amount
 * divided by the rate). Banks quote rates either way round; the producer brings them to this direction.
 */
public record ExchangeRate(
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate) {

    /** The largest rate taken: more than any pair of ISO 4217 currencies in use is apart. */
    public static final BigDecimal MAX_RATE = BigDecimal.valueOf(1_000_000);

    /** Decimals a rate may have (banks quote 4 to 8). */
    public static final int MAX_RATE_DECIMALS = 10;

    public ExchangeRate {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(rate, "rate");
    }

    /**
     * Whether a rate from outside may be used: an ISO 4217 currency, and a rate above 0, at most {@link #MAX_RATE}
     * with at most {@link #MAX_RATE_DECIMALS} decimals. Reads scale and precision before any arithmetic, so a hostile
     * {@code 1E-999999999} costs nothing.
     */
    public static boolean isValid(String currency, BigDecimal rate) {
        if (!InstructedAmount.isIsoCurrency(currency) || rate == null || rate.signum() <= 0) {
            return false;
        }
        int scale = rate.scale();
        if (scale > 2 * MAX_RATE_DECIMALS || scale < -7 || rate.precision() - scale > 7) {
            return false;
        }
        return rate.compareTo(MAX_RATE) <= 0 && rate.stripTrailingZeros().scale() <= MAX_RATE_DECIMALS;
    }
}
