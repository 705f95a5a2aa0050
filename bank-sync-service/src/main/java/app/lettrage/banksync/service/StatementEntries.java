package app.lettrage.banksync.service;

import app.lettrage.bankformats.BankTransactionCode;
import app.lettrage.bankformats.Transaction;
import app.lettrage.bankformats.TransactionStatus;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.identifiers.Bic;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Maps one entry of a statement file to the transaction to import into the account: why it cannot be imported (another
 * currency, no amount or date, an amount finer than the currency allows), else the normalised transaction (texts cut
 * to their columns, an unusable IBAN or BIC dropped).
 */
final class StatementEntries {

    private StatementEntries() {}

    /** Why the entry cannot be imported into this account, or null. */
    static String problem(Transaction t, String accountCurrency) {
        if (t.currency() == null || !t.currency().equals(accountCurrency)) {
            return "is in " + t.currency() + " but the account is in " + accountCurrency;
        }
        if (t.amount() == null) {
            return "has no amount";
        }
        try {
            Money.of(t.amount(), accountCurrency);
        } catch (IllegalArgumentException e) {
            return "has an unusable amount: " + e.getMessage();
        }
        if (t.bookingDate() == null && t.valueDate() == null) {
            return "has neither booking nor value date";
        }
        return null;
    }

    static IncomingTransaction incoming(Transaction t, String accountCurrency) {
        BigDecimal amount = Money.of(t.amount(), accountCurrency);
        LocalDate booking = t.bookingDate() != null ? t.bookingDate() : t.valueDate();
        String reference = text(t.bankReference() != null ? t.bankReference() : t.transactionId(), Integer.MAX_VALUE);
        if (reference != null && reference.length() > 128) {
            reference = null; // too long to be a key: the fingerprint then
        }
        String iban = t.counterparty() == null
                ? null
                : Iban.normalize(text(t.counterparty().iban(), 64));
        if (iban != null && !Iban.isValid(iban)) {
            iban = null;
        }
        String bic = t.counterparty() == null ? null : text(t.counterparty().bic(), 64);
        bic = Bic.normalize(bic);
        if (bic != null && !Bic.isValid(bic)) {
            bic = null;
        }
        String name = t.counterparty() == null ? null : text(t.counterparty().name(), 200);
        StructuredReferences.Classified ref = t.creditorReference() == null
                ? null
                : StructuredReferences.classify(text(t.creditorReference().reference(), 64));
        String endToEnd = text(t.endToEndId(), 64);
        if ("NOTPROVIDED".equalsIgnoreCase(endToEnd)) {
            endToEnd = null;
        }
        String btc = text(code(t.bankTransactionCode()), 64);
        return new IncomingTransaction(
                reference,
                t.status() == TransactionStatus.PENDING ? BookingStatus.PENDING : BookingStatus.BOOKED,
                amount,
                accountCurrency,
                booking,
                t.valueDate(),
                name,
                iban,
                bic,
                text(t.remittanceInformation(), 1000),
                ref == null ? null : ref.reference(),
                ref == null ? null : ref.type(),
                endToEnd,
                btc,
                t.reversal() || ReturnCodes.isReversal(btc),
                ReturnCodes.reason(t.returnReason()),
                ForeignExchangeDetails.of(
                        amount, accountCurrency, t.originalAmount(), t.originalCurrency(), t.exchangeRate()));
    }

    private static String code(BankTransactionCode c) {
        if (c == null || c.isEmpty()) {
            return null;
        }
        if (c.domain() != null) {
            return c.domain()
                    + (c.family() == null ? "" : "-" + c.family())
                    + (c.subFamily() == null ? "" : "-" + c.subFamily());
        }
        return c.proprietary();
    }

    /** Stripped, blank as null, cut to the column's length. */
    private static String text(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }
}
