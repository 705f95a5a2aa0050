package app.lettrage.matching;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Small builders for labelled test cases. */
final class Fixtures {
    static final String T = "tenant-a";
    static final LocalDate ISSUE = LocalDate.of(2026, 3, 1);
    static final LocalDate DUE = LocalDate.of(2026, 3, 31);
    static final LocalDate PAID = LocalDate.of(2026, 3, 20);

    private Fixtures() {}

    static Invoice sales(String id, String number, String amount, String party, String iban) {
        return invoice(id, Direction.SALES, number, null, amount, party, iban);
    }

    static Invoice invoice(
            String id, Direction dir, String number, String ref, String amount, String party, String iban) {
        return new Invoice(
                id,
                T,
                dir,
                number,
                ref,
                party,
                iban,
                "EUR",
                new BigDecimal(amount),
                new BigDecimal(amount),
                ISSUE,
                DUE);
    }

    static BankTransaction tx(String amount, String payer, String iban, String text) {
        return tx(amount, payer, iban, text, null);
    }

    static BankTransaction tx(String amount, String payer, String iban, String text, String structured) {
        return new BankTransaction(
                "tx-1",
                T,
                "FR7630006000011234567890189",
                new BigDecimal(amount),
                "EUR",
                PAID,
                PAID,
                payer,
                iban,
                text,
                structured,
                null,
                "PMNT-RCDT-ESCT");
    }

    static OpenItemBook book(Invoice... invoices) {
        OpenItemBook b = new OpenItemBook(T);
        for (Invoice i : invoices) {
            b.upsert(i);
        }
        return b;
    }
}
