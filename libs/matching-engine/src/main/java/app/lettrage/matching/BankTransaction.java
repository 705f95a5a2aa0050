package app.lettrage.matching;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One booked bank transaction. {@code amount} is signed: positive is money in, negative money out.
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
        String bankTransactionCode) {

    public BankTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}
