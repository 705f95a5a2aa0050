package app.lettrage.banksync.rest;

import app.lettrage.banksync.BankTransaction;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.events.TransactionImported.Source;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A transaction as the API shows it; the amount is a signed decimal string with the currency's exponent. */
public record TransactionView(
        UUID id,
        UUID accountId,
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
        String bankReference,
        Instant importedAt,
        UUID supersedesTransactionId,
        boolean reversal,
        String returnReason) {

    static TransactionView of(BankTransaction t) {
        return new TransactionView(
                t.id,
                t.accountId,
                t.source,
                t.status,
                t.amount,
                t.currency,
                t.bookingDate,
                t.valueDate,
                t.counterpartyName,
                t.counterpartyIban,
                t.counterpartyBic,
                t.remittanceInformation,
                t.structuredReference,
                t.structuredReferenceType,
                t.endToEndId,
                t.bankTransactionCode,
                t.bankReference,
                t.importedAt,
                t.supersedesTransactionId,
                t.reversal,
                t.returnReason);
    }
}
