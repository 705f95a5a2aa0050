package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A bank transaction was imported (new, or a new version of one: a booked transaction replacing its pending one
 * names it in {@code supersedesTransactionId}). Key: {@code tenantId:accountId}.
 *
 * @param amount signed: positive is money in, negative money out; scale = the currency's exponent
 */
public record TransactionImported(
        String transactionId,
        String tenantId,
        String accountId,
        String accountIban,
        Source source,
        BookingStatus status,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate valueDate,
        String counterpartyName,
        String counterpartyIban,
        String counterpartyBic,
        String remittanceInformation,
        String structuredReference,
        ReferenceType structuredReferenceType,
        String endToEndId,
        String bankTransactionCode,
        String supersedesTransactionId,
        Instant importedAt)
        implements LettrageEvent {

    public enum Source {
        OPEN_BANKING,
        FILE,
        API
    }

    public enum BookingStatus {
        BOOKED,
        PENDING
    }

    @Override
    public String subject() {
        return transactionId;
    }

    /** Transactions are ordered per account, not per transaction. */
    @Override
    public String key() {
        return tenantId + ":" + accountId;
    }

    @JsonIgnore
    public boolean isCredit() {
        return amount.signum() > 0;
    }
}
