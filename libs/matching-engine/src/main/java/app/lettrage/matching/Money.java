package app.lettrage.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Conversions between decimal amounts and integer minor units, using the ISO 4217 exponent of the currency. */
public final class Money {
    private Money() {}

    public static int exponent(String currency) {
        try {
            int d = Currency.getInstance(currency.trim().toUpperCase(java.util.Locale.ROOT))
                    .getDefaultFractionDigits();
            return d < 0 ? 2 : d;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    public static long toMinor(BigDecimal amount, String currency) {
        return toMinor(amount, exponent(currency));
    }

    public static long toMinor(BigDecimal amount, int exponent) {
        return amount.setScale(exponent, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    public static BigDecimal fromMinor(long minor, int exponent) {
        return BigDecimal.valueOf(minor, exponent);
    }

    public static String format(long minor, int exponent) {
        return fromMinor(minor, exponent).toPlainString();
    }
}
