package app.lettrage.sandboxbank;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One transaction as the sandbox reports it. {@code id} null: the bank gives no transactionId. {@code amount} is
 * signed; an account that reports every amount positive shows its absolute value with a credit/debit indicator.
 */
record Tx(
        String id,
        boolean pending,
        BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate valueDate,
        String counterpartyName,
        String counterpartyIban,
        String remittance,
        String structuredReference,
        String endToEndId,
        String bankTransactionCode) {

    /** The day it is reported under (booking date, else value date). */
    LocalDate day() {
        return bookingDate != null ? bookingDate : valueDate;
    }
}
