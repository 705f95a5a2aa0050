package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * The amount the payer instructed, in the currency they instructed it in, before the banks converted it into the
 * account's currency (camt {@code AmtDtls/InstdAmt}). Positive, at that currency's exponent.
 */
public record InstructedAmount(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

    public InstructedAmount {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    /** Integer digits an amount may have: what a {@code long} of minor units and the amount columns hold. */
    public static final int MAX_INTEGER_DIGITS = 15;

    /**
     * Whether an amount from outside may be used: an ISO 4217 currency, above 0, at most {@link #MAX_INTEGER_DIGITS}
     * integer digits and no more decimals than the currency has. Reads scale and precision before any arithmetic.
     */
    public static boolean isValid(BigDecimal amount, String currency) {
        if (!isIsoCurrency(currency) || amount == null || amount.signum() <= 0) {
            return false;
        }
        int scale = amount.scale();
        if (scale > 18 || scale < -MAX_INTEGER_DIGITS || amount.precision() - scale > MAX_INTEGER_DIGITS) {
            return false;
        }
        int exponent = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return amount.stripTrailingZeros().scale() <= exponent;
    }

    /** An upper-case three-letter code that ISO 4217 knows as a currency with a minor unit. */
    public static boolean isIsoCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            // funds and metals (XAU, XDR...) have no minor unit: never a payment's currency
            return Currency.getInstance(code.toUpperCase(Locale.ROOT)).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
