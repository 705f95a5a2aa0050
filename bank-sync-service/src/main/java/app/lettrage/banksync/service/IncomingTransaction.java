package app.lettrage.banksync.service;

import app.lettrage.events.ReferenceType;
import app.lettrage.events.TransactionImported.BookingStatus;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One transaction to import, already checked and normalised, whatever its source (API batch now; statement files
 * and open-banking sync map to the same record): amount signed with the currency's exponent, IBANs upper case
 * without spaces, blank texts as null.
 *
 * @param reversal the line undoes an earlier payment (see {@link ReturnCodes})
 * @param returnReason the bank's return reason code, at most 35 characters (ISO 20022 Max35Text), else null
 * @param fx the payment's instructed amount and rate when it was converted from another currency, else {@link
 *     ForeignExchangeDetails#NONE}
 */
public record IncomingTransaction(
        String bankReference,
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
        boolean reversal,
        String returnReason,
        ForeignExchangeDetails fx) {

    public IncomingTransaction {
        fx = fx == null ? ForeignExchangeDetails.NONE : fx;
    }
}
