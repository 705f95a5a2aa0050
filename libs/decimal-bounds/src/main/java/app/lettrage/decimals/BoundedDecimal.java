package app.lettrage.decimals;

import java.math.BigDecimal;

/**
 * The bounds every decimal number from outside must meet before any arithmetic touches it.
 *
 * <p>A {@link BigDecimal} such as {@code 1E+100000000} or {@code 0E-300000000} is cheap to hold (one digit and a
 * scale) but {@code setScale}, {@code stripTrailingZeros}, {@code add} or {@code toPlainString} on it computes
 * 10^scale: minutes of CPU, then OutOfMemory. So the checks here read only {@link BigDecimal#scale()} and {@link
 * BigDecimal#precision()}, which cost nothing, and refuse the number before anyone scales it.
 *
 * <p>Rules: at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point (the largest amount any currency
 * needs, and what a {@code numeric(17,2)} column or a {@code long} of minor units holds); a written scale between
 * {@code -}{@value #MAX_INTEGER_DIGITS} and {@value #MAX_WRITTEN_SCALE} (so {@code 10.500} is fine for EUR, trailing
 * zeros cost nothing); and at most {@code maxFractionDigits} significant decimals (the currency's exponent for money,
 * {@value #MAX_RATE_DIGITS} for rates and quantities).
 */
public final class BoundedDecimal {

    public static final int MAX_INTEGER_DIGITS = 15;

    /** The largest scale as written, trailing zeros included; anything beyond is an exponent out of range. */
    public static final int MAX_WRITTEN_SCALE = 18;

    /** Significant decimals allowed for a rate, a quantity or a threshold (not money). */
    public static final int MAX_RATE_DIGITS = 6;

    /** Longest text accepted: sign, 15 + 18 digits, a point, an exponent, with room to spare. */
    public static final int MAX_TEXT_LENGTH = 48;

    private BoundedDecimal() {}

    /** Parses a plain or exponent-notation decimal and checks it; the message says which bound it broke. */
    public static BigDecimal parse(String text, int maxFractionDigits) {
        if (text == null) {
            throw new OutOfBoundsException("is required");
        }
        String s = text.trim();
        if (s.length() > MAX_TEXT_LENGTH) {
            throw new OutOfBoundsException("is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new OutOfBoundsException("is not a decimal number");
        }
        return check(value, maxFractionDigits);
    }

    /**
     * Returns {@code value} unchanged when it is within bounds, else throws. Reads only scale and precision, so it is
     * safe on any BigDecimal, however it was built.
     */
    public static BigDecimal check(BigDecimal value, int maxFractionDigits) {
        if (value == null) {
            throw new OutOfBoundsException("is required");
        }
        int scale = value.scale();
        if (scale > MAX_WRITTEN_SCALE || scale < -MAX_INTEGER_DIGITS) {
            throw new OutOfBoundsException("has an exponent out of range (at most " + MAX_INTEGER_DIGITS
                    + " integer digits and " + MAX_WRITTEN_SCALE + " decimals)");
        }
        // precision - scale is the number of integer digits (<= 0 for 0.00x); both are ints within bounds now
        if (value.precision() - scale > MAX_INTEGER_DIGITS) {
            throw new OutOfBoundsException("has more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        // stripTrailingZeros is safe from here on: the scale is at most MAX_WRITTEN_SCALE
        if (scale > maxFractionDigits && value.stripTrailingZeros().scale() > maxFractionDigits) {
            throw new OutOfBoundsException("has more than " + maxFractionDigits + " decimals");
        }
        return value;
    }

    /** True when {@link #check} would accept the value. */
    public static boolean isWithin(BigDecimal value, int maxFractionDigits) {
        try {
            check(value, maxFractionDigits);
            return true;
        } catch (OutOfBoundsException e) {
            return false;
        }
    }

    /** A number outside the bounds; the message completes "the field ..." (for example "has more than 2 decimals"). */
    public static final class OutOfBoundsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public OutOfBoundsException(String message) {
            super(message);
        }
    }
}
