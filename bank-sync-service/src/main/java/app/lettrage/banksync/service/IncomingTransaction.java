package app.lettrage.banksync.service;

import app.lettrage.events.ReferenceType;
import app.lettrage.events.TransactionImported.BookingStatus;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One transaction to import, already checked and normalised, whatever its source (API batch now; statement files
 * and open-banking sync map to the same record): amount signed with the currency's exponent, IBANs upper case
 * without spaces, blank texts as null.
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
        String bankTransactionCode) {}
