package app.lettrage.bankformats;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.concurrent.ConcurrentHashMap;

/** Amount helpers: scaling to the currency's exponent. */
final class Amounts {
    private static final ConcurrentHashMap<String, Integer> DIGITS = new ConcurrentHashMap<>();

    private Amounts() {}

    /** Default fraction digits of an ISO 4217 code, or -1 when unknown / not applicable (XXX). */
    static int fractionDigits(String currency) {
        if (currency == null) {
            return -1;
        }
        return DIGITS.computeIfAbsent(currency, c -> {
            try {
                return Currency.getInstance(c).getDefaultFractionDigits();
            } catch (IllegalArgumentException e) {
                return -1;
            }
        });
    }

    /**
     * Scales to the currency's default fraction digits when that loses nothing; otherwise returns the value as
     * written (the caller may warn).
     */
    static BigDecimal scale(BigDecimal value, String currency) {
        if (value == null) {
            return null;
        }
        int d = fractionDigits(currency);
        if (d < 0 || value.scale() == d) {
            return value;
        }
        if (value.scale() < d) {
            return value.setScale(d);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= d) {
            return stripped.setScale(d);
        }
        return value;
    }

    static boolean fitsCurrency(BigDecimal value, String currency) {
        int d = fractionDigits(currency);
        return d < 0 || value.stripTrailingZeros().scale() <= d;
    }

    static boolean isKnownCurrency(String currency) {
        return fractionDigits(currency) >= 0;
    }
}
