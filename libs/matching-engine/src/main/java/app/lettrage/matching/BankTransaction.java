package app.lettrage.matching;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One booked bank transaction. {@code amount} is signed: positive is money in, negative money out.
 *
 * @param conversion how the bank converted the payment from another currency, or null for a payment in the account's
 *     own currency
 */
public record BankTransaction(
        String id,
        String tenantId,
        String accountIban,
        BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate valueDate,
        String counterpartyName,
        String counterpartyIban,
        String remittanceInformation,
        String structuredReference,
        String endToEndId,
        String bankTransactionCode,
        Conversion conversion) {

    public BankTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (conversion != null && conversion.currency().equals(currency)) {
            conversion = null; // "converted" into its own currency: nothing to convert
        }
    }

    /** A payment in the account's own currency. */
    public BankTransaction(
            String id,
            String tenantId,
            String accountIban,
            BigDecimal amount,
            String currency,
            LocalDate bookingDate,
            LocalDate valueDate,
            String counterpartyName,
            String counterpartyIban,
            String remittanceInformation,
            String structuredReference,
            String endToEndId,
            String bankTransactionCode) {
        this(
                id,
                tenantId,
                accountIban,
                amount,
                currency,
                bookingDate,
                valueDate,
                counterpartyName,
                counterpartyIban,
                remittanceInformation,
                structuredReference,
                endToEndId,
                bankTransactionCode,
                null);
    }

    /** The same transaction as if it had been booked for {@code amount} (signed) in {@code currency}. */
    BankTransaction as(BigDecimal signedAmount, String inCurrency) {
        return new BankTransaction(
                id,
                tenantId,
                accountIban,
                signedAmount,
                inCurrency,
                bookingDate,
                valueDate,
                counterpartyName,
                counterpartyIban,
                remittanceInformation,
                structuredReference,
                endToEndId,
                bankTransactionCode,
                null);
    }

    /**
     * How the bank converted a payment made in {@code currency} into the account's: the amount the payer instructed in
     * it (positive, or null when the bank does not say) and the rate (one unit of {@code currency} in units of the
     * account's currency, or null). The caller has bounded both (see {@code TransactionImported}).
     */
    public record Conversion(BigDecimal instructedAmount, String currency, BigDecimal rate) {

        public Conversion {
            Objects.requireNonNull(currency, "currency");
            if (instructedAmount == null && rate == null) {
                throw new IllegalArgumentException("a conversion names an instructed amount or a rate");
            }
        }
    }
}
