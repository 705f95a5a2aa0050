package app.lettrage.banksync.service;

import app.lettrage.events.ExchangeRate;
import app.lettrage.events.InstructedAmount;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * A statement line's foreign-exchange details as TransactionImported carries them: the amount the payer instructed in
 * another currency, and the bank's rate oriented as one unit of that currency in units of the account's. What is out
 * of bounds, not ISO 4217, or in the account's own currency is left out (the line then imports as an ordinary one):
 * a detail that cannot be trusted must not steer matching.
 */
public record ForeignExchangeDetails(InstructedAmount instructedAmount, ExchangeRate exchangeRate) {

    static final ForeignExchangeDetails NONE = new ForeignExchangeDetails(null, null);

    /**
     * @param booked the booked amount (any sign), in {@code accountCurrency}
     * @param originalAmount the instructed / original amount the bank reports, or null
     * @param originalCurrency its currency (or the rate's source currency), or null
     * @param rate the bank's rate as written, either way round, or null
     */
    public static ForeignExchangeDetails of(
            BigDecimal booked,
            String accountCurrency,
            BigDecimal originalAmount,
            String originalCurrency,
            BigDecimal rate) {
        if (originalCurrency == null || originalCurrency.equals(accountCurrency)) {
            return NONE;
        }
        InstructedAmount instructed = null;
        if (originalAmount != null && InstructedAmount.isValid(originalAmount.abs(), originalCurrency)) {
            int exponent = Math.max(0, Currency.getInstance(originalCurrency).getDefaultFractionDigits());
            instructed = new InstructedAmount(
                    originalAmount.abs().setScale(exponent, RoundingMode.UNNECESSARY), originalCurrency);
        }
        ExchangeRate exchange = null;
        if (rate != null && ExchangeRate.isValid(originalCurrency, rate)) {
            BigDecimal oriented = instructed == null ? plain(rate) : oriented(rate, booked.abs(), instructed.amount());
            if (oriented != null && ExchangeRate.isValid(originalCurrency, oriented)) {
                exchange = new ExchangeRate(originalCurrency, oriented);
            }
        }
        return instructed == null && exchange == null ? NONE : new ForeignExchangeDetails(instructed, exchange);
    }

    /**
     * Banks write the rate either way round (ISO 20022 leaves it to the unit currency, which the parsers do not keep).
     * With both amounts known, the direction closer to booked / instructed is the one the bank used. Without the
     * instructed amount the rate is kept as written: OFX CURRATE and the common camt usage (SrcCcy converted into the
     * account's TrgtCcy) both give units of the account's currency per unit of the original one.
     */
    private static BigDecimal oriented(BigDecimal rate, BigDecimal booked, BigDecimal instructed) {
        MathContext mc = MathContext.DECIMAL64;
        BigDecimal implied = booked.divide(instructed, mc);
        BigDecimal inverse = BigDecimal.ONE.divide(rate, mc);
        boolean asWritten =
                rate.subtract(implied).abs().compareTo(inverse.subtract(implied).abs()) <= 0;
        BigDecimal r = asWritten ? rate : inverse;
        return plain(r.setScale(ExchangeRate.MAX_RATE_DECIMALS, RoundingMode.HALF_EVEN));
    }

    /** Without trailing zeros and never in exponent notation (the event writes the rate as a decimal string). */
    private static BigDecimal plain(BigDecimal r) {
        BigDecimal s = r.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
