package app.lettrage.bankformats;

import app.lettrage.decimals.BoundedDecimal;
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

    /**
     * Parses a normalised decimal (point separator, optional sign) and refuses, before any arithmetic, one with more
     * than 15 integer digits or an exponent out of range: {@code 1E+100000000} as a balance used to cost minutes of
     * CPU in {@link #scale}. Decimals beyond the currency are checked later, when the currency is known.
     */
    static BigDecimal parse(String s, long line, String field, String expected) throws StatementParseException {
        try {
            return BoundedDecimal.parse(s, BoundedDecimal.MAX_WRITTEN_SCALE);
        } catch (BoundedDecimal.OutOfBoundsException e) {
            if (s == null || e.getMessage().startsWith("is not")) {
                throw new StatementParseException(line, field, expected);
            }
            String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
            throw new StatementParseException(line, field, "amount '" + shown + "' " + e.getMessage());
        }
    }

    static boolean fitsCurrency(BigDecimal value, String currency) {
        int d = fractionDigits(currency);
        return d < 0 || value.stripTrailingZeros().scale() <= d;
    }

    static boolean isKnownCurrency(String currency) {
        return fractionDigits(currency) >= 0;
    }
}
