package app.lettrage.banksync.sync;

import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.ReturnCodes;
import app.lettrage.banksync.service.StructuredReferences;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;

/** Maps a canonical transaction read through consent-service to an import: signed amount, dates, references. */
final class ProviderTransactions {

    private ProviderTransactions() {}

    /** {@code today}: the day it was read, the date of a transaction that has neither booking nor value date. */
    static IncomingTransaction incoming(JsonNode t, LocalDate today) {
        BookingStatus status =
                "PENDING".equals(t.path("status").asText()) ? BookingStatus.PENDING : BookingStatus.BOOKED;
        LocalDate booking = date(t, "bookingDate");
        LocalDate value = date(t, "valueDate");
        // a pending transaction, and the odd booked one, has no booking date: its value date, else the day it was read
        LocalDate day = booking != null ? booking : value != null ? value : today;
        StructuredReferences.Classified ref = StructuredReferences.classify(text(t, "structuredReference"));
        String remittance = text(t, "remittanceInformation");
        if (ref == null && remittance != null) {
            StructuredReferences.Classified inText = StructuredReferences.classify(remittance);
            if (inText != null && inText.type() != ReferenceType.OTHER) {
                ref = inText; // a structured communication sent as the whole free text (Belgian OGM)
            }
        }
        // at the currency's exponent: a JSON tree drops trailing zeros (1210.00 → 1210.0 → 1210)
        String currency = text(t, "currency");
        String code = truncate(text(t, "bankTransactionCode"), 64);
        return new IncomingTransaction(
                text(t, "providerTransactionId"),
                status,
                Money.of(new BigDecimal(t.path("amount").asText()), currency),
                currency,
                day,
                value,
                truncate(text(t, "counterpartyName"), 200),
                text(t, "counterpartyIban") == null ? null : Iban.normalize(text(t, "counterpartyIban")),
                null,
                truncate(remittance, 1000),
                ref == null ? null : truncate(ref.reference(), 64),
                ref == null ? null : ref.type(),
                truncate(text(t, "endToEndId"), 64),
                code,
                // providers give no reversal flag nor reason: the ISO code's sub-family says it is a return
                ReturnCodes.isReversal(code),
                null,
                // the connectors do not map the providers' instructedAmount / currencyExchange yet
                null);
    }

    private static LocalDate date(JsonNode t, String field) {
        String v = text(t, field);
        return v == null ? null : LocalDate.parse(v);
    }

    private static String text(JsonNode t, String field) {
        JsonNode n = t.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
