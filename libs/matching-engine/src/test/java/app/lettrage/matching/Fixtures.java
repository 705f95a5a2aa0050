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

    /** A sales invoice issued {@code daysAfterIssue} days after {@link #ISSUE}, due 30 days later. */
    static Invoice salesIssued(String id, String number, String amount, String party, String iban, int daysAfterIssue) {
        LocalDate issue = ISSUE.plusDays(daysAfterIssue);
        return new Invoice(
                id,
                T,
                Direction.SALES,
                number,
                null,
                party,
                iban,
                "EUR",
                new BigDecimal(amount),
                new BigDecimal(amount),
                issue,
                issue.plusDays(30));
    }

    /** A sales invoice that is already settled: in the book, nothing due. */
    static Invoice paidSales(String id, String number, String amount, String party, String iban) {
        return new Invoice(
                id,
                T,
                Direction.SALES,
                number,
                null,
                party,
                iban,
                "EUR",
                new BigDecimal(amount),
                BigDecimal.ZERO.setScale(2),
                ISSUE.minusDays(40),
                DUE.minusDays(40));
    }

    static BankTransaction tx(String amount, String payer, String iban, String text) {
        return tx(amount, payer, iban, text, null);
    }

    static BankTransaction tx(String amount, String payer, String iban, String text, String structured) {
        return tx(amount, payer, iban, text, structured, "PMNT-RCDT-ESCT");
    }

    /** A transaction booked with the given ISO 20022 bank transaction code (domain-family-subfamily). */
    static BankTransaction tx(
            String amount, String payer, String iban, String text, String structured, String bankTransactionCode) {
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
                bankTransactionCode);
    }

    static OpenItemBook book(Invoice... invoices) {
        OpenItemBook b = new OpenItemBook(T);
        for (Invoice i : invoices) {
            b.upsert(i);
        }
        return b;
    }
}
