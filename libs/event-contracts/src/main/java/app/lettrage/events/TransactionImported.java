package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A bank transaction was imported (new, or a new version of one: a booked transaction replacing its pending one
 * names it in {@code supersedesTransactionId}). Key: {@code tenantId:accountId}.
 *
 * @param amount signed: positive is money in, negative money out; scale = the currency's exponent
 * @param reversal true when the bank reports this line as undoing an earlier payment: a returned direct debit, a
 *     returned or reversed credit transfer, a chargeback (camt {@code RvslInd}, MT940 {@code RC}/{@code RD}, an ISO
 *     bank transaction code of a return sub-family); absent for an ordinary payment (a false is kept as absent, so
 *     events from producers that predate the field read the same). Added within v1. Read it with {@link #isReversal()}.
 * @param returnReason the bank's return reason code when it gives one (ISO 20022 {@code RtrInf/Rsn/Cd}, e.g.
 *     {@code AM04}, {@code MD06}, or a proprietary code); absent otherwise. An open set. Added within v1.
 * @param instructedAmount what the payer instructed, in the currency they instructed it in, when the bank reports an
 *     amount other than the booked one (a payment in another currency converted into the account's); absent
 *     otherwise. Added within v1.
 * @param exchangeRate the rate the bank converted at, one unit of its currency in units of {@code currency}; absent
 *     when the bank gives none. Added within v1.
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
        Instant importedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reversal,
        @JsonInclude(JsonInclude.Include.NON_NULL) String returnReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) InstructedAmount instructedAmount,
        @JsonInclude(JsonInclude.Include.NON_NULL) ExchangeRate exchangeRate)
        implements LettrageEvent {

    /** A payment in the account's own currency: the contract as it was before foreign-exchange details were carried. */
    public TransactionImported(
            String transactionId,
            String tenantId,
            String accountId,
            String accountIban,
            Source source,
            BookingStatus status,
            BigDecimal amount,
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
            Instant importedAt,
            Boolean reversal,
            String returnReason) {
        this(
                transactionId,
                tenantId,
                accountId,
                accountIban,
                source,
                status,
                amount,
                currency,
                bookingDate,
                valueDate,
                counterpartyName,
                counterpartyIban,
                counterpartyBic,
                remittanceInformation,
                structuredReference,
                structuredReferenceType,
                endToEndId,
                bankTransactionCode,
                supersedesTransactionId,
                importedAt,
                reversal,
                returnReason,
                null,
                null);
    }

    /** An ordinary payment (not a reversal): the contract as it was before reversals were carried. */
    public TransactionImported(
            String transactionId,
            String tenantId,
            String accountId,
            String accountIban,
            Source source,
            BookingStatus status,
            BigDecimal amount,
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
            Instant importedAt) {
        this(
                transactionId,
                tenantId,
                accountId,
                accountIban,
                source,
                status,
                amount,
                currency,
                bookingDate,
                valueDate,
                counterpartyName,
                counterpartyIban,
                counterpartyBic,
                remittanceInformation,
                structuredReference,
                structuredReferenceType,
                endToEndId,
                bankTransactionCode,
                supersedesTransactionId,
                importedAt,
                null,
                null,
                null,
                null);
    }

    public TransactionImported {
        reversal = Boolean.TRUE.equals(reversal) ? Boolean.TRUE : null;
    }

    /** Whether the bank reports this line as undoing an earlier payment. */
    @JsonIgnore
    public boolean isReversal() {
        return Boolean.TRUE.equals(reversal);
    }

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
