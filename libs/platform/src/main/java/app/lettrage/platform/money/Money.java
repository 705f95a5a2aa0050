package app.lettrage.platform.money;

import app.lettrage.decimals.BoundedDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Amounts are BigDecimal with exactly the currency's exponent (EUR 2, JPY 0, BHD 3). Never double. */
public final class Money {

    private Money() {}

    /** The ISO 4217 currency, or an {@link IllegalArgumentException} naming the bad code. */
    public static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code of 3 capital letters, got " + code);
        }
        try {
            Currency c = Currency.getInstance(code);
            if (c.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException("currency " + code + " has no minor unit (not a money currency)");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency " + code, e);
        }
    }

    public static int exponent(String currencyCode) {
        return currency(currencyCode).getDefaultFractionDigits();
    }

    /**
     * The amount with the currency's exponent. Trailing zeros beyond it are fine ({@code 10.500} EUR is 10.50); a
     * non-zero digit beyond it is an error, never silently rounded.
     */
    public static BigDecimal of(BigDecimal amount, String currencyCode) {
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        int exp = exponent(currencyCode);
        try {
            // bounded first: setScale on 1E+100000000 would compute 10^100000000
            BoundedDecimal.check(amount, exp);
        } catch (BoundedDecimal.OutOfBoundsException e) {
            throw new IllegalArgumentException("amount " + e.getMessage() + " (" + currencyCode + ")", e);
        }
        try {
            return amount.setScale(exp, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "amount " + amount.toPlainString() + " has more decimals than " + currencyCode + " allows (" + exp
                            + ")",
                    e);
        }
    }

    public static BigDecimal of(String amount, String currencyCode) {
        try {
            return of(BoundedDecimal.parse(amount, exponent(currencyCode)), currencyCode);
        } catch (BoundedDecimal.OutOfBoundsException e) {
            throw new IllegalArgumentException("amount " + e.getMessage() + " (" + currencyCode + ")", e);
        }
    }

    /** Rounds half-even to the currency's exponent (for computed amounts such as VAT). */
    public static BigDecimal round(BigDecimal amount, String currencyCode) {
        return amount.setScale(exponent(currencyCode), RoundingMode.HALF_EVEN);
    }

    public static long toMinorUnits(BigDecimal amount, String currencyCode) {
        return of(amount, currencyCode).movePointRight(exponent(currencyCode)).longValueExact();
    }

    public static BigDecimal fromMinorUnits(long minor, String currencyCode) {
        return BigDecimal.valueOf(minor, exponent(currencyCode));
    }

    public static BigDecimal zero(String currencyCode) {
        return BigDecimal.ZERO.setScale(exponent(currencyCode));
    }
}
