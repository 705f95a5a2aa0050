package app.lettrage.bankconnectors;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A bank transaction as every provider is mapped to it.
 *
 * @param providerTransactionId the provider's id (Berlin Group transactionId, else entryReference; GoCardless
 *                              transactionId, else its internalTransactionId); null when the bank gives none
 * @param amount                signed (+ money in, - money out), scale = the currency's exponent; on the wire a decimal
 *                              string ("-72.50"), as in every event: a JSON number loses its trailing zeros in most readers
 * @param bookingDate           null for a pending transaction the bank has not dated (and for a few banks' booked ones)
 * @param counterpartyIban      the other party's IBAN; never the account's own (some banks echo it)
 * @param structuredReference   a creditor reference (RF, OGM ...) when the bank gives it as one
 */
public record CanonicalTransaction(
        String providerTransactionId,
        Status status,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate valueDate,
        String counterpartyName,
        String counterpartyIban,
        String remittanceInformation,
        String structuredReference,
        String endToEndId,
        String bankTransactionCode) {

    public enum Status {
        BOOKED,
        PENDING
    }
}
