package app.lettrage.sandboxbank;

import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.CreditorReference;
import app.lettrage.identifiers.Iban;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo accounts' everyday life, generated deterministically from the account and the day (the same day always
 * gives the same transactions): customers paying invoices (with RF references, Belgian structured communications or
 * an invoice number in free text; sometimes only part of an invoice, sometimes several invoices at once), card
 * payments, bank fees, VAT and social contributions, salaries. The transactions of "today" are still pending and get
 * other ids once booked (the next day), as many real banks do.
 */
final class Generator {

    private static final String[] MERCHANTS = {
        "Delhaize",
        "Colruyt",
        "Total Energies",
        "SNCB/NMBS",
        "Amazon EU",
        "Fnac",
        "Proximus",
        "Bol.com",
        "Shell",
        "IKEA",
        "Microsoft Ireland",
        "Google Cloud EMEA"
    };
    private static final String[] CUSTOMERS = {
        "Brasserie du Parc SPRL",
        "Van den Berg BV",
        "Atelier Lumière SA",
        "Kowalski Sp. z o.o.",
        "Nordwind GmbH",
        "Dupont & Fils SRL",
        "Studio Verde",
        "Ostend Logistics NV"
    };
    private static final String[] EMPLOYEES = {"Marie Lambert", "Jan Peeters", "Sofia Rossi"};

    private Generator() {}

    static List<Tx> day(DemoAccount account, LocalDate day, LocalDate today) {
        Random r = new Random(account.iban().hashCode() * 31L + day.toEpochDay());
        boolean pending = day.equals(today);
        List<Tx> out = new ArrayList<>();
        int n = 0;
        boolean weekday = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
        // card payments, at least one every day, so that "today" always has a pending line to book tomorrow
        int cards = 1 + r.nextInt(weekday ? 3 : 2);
        for (int i = 0; i < cards; i++) {
            String merchant = MERCHANTS[r.nextInt(MERCHANTS.length)];
            BigDecimal amount = cents(-(350 + r.nextInt(17_500)));
            out.add(tx(
                    account,
                    day,
                    pending,
                    n++,
                    amount,
                    merchant,
                    null,
                    "CARTE %02d/%02d %s".formatted(day.getDayOfMonth(), day.getMonthValue(), merchant.toUpperCase()),
                    null,
                    null,
                    "PMNT-CCRD-POSD"));
        }
        if (weekday && !pending) {
            // customers paying invoices
            int payments = r.nextInt(3);
            for (int i = 0; i < payments; i++) {
                int c = r.nextInt(CUSTOMERS.length);
                String customer = CUSTOMERS[c];
                String iban = Iban.of("DE", String.format("%08d%010d", 37040044 + c, 532013000L + c * 7919L));
                int invoiceNo = (int) (day.toEpochDay() % 900) + i + 1;
                String number = "F%d-%04d".formatted(day.getYear(), invoiceNo);
                BigDecimal full = cents(12_100 + r.nextInt(480_000));
                int kind = r.nextInt(4);
                switch (kind) {
                    case 0 ->
                        out.add(tx(
                                account,
                                day,
                                false,
                                n++,
                                full,
                                customer,
                                iban,
                                null,
                                CreditorReference.create(number.replace("-", "")),
                                "E2E-" + number,
                                "PMNT-RCDT-ESCT"));
                    case 1 ->
                        out.add(tx(
                                account,
                                day,
                                false,
                                n++,
                                full,
                                customer,
                                iban,
                                BelgianStructuredCommunication.create(1_000_000_000L + invoiceNo),
                                null,
                                null,
                                "PMNT-RCDT-ESCT"));
                    case 2 ->
                        out.add(tx(
                                account,
                                day,
                                false,
                                n++,
                                full.divide(BigDecimal.valueOf(2)).setScale(2, java.math.RoundingMode.DOWN),
                                customer,
                                iban,
                                "Acompte facture " + number + " (1/2)",
                                null,
                                null,
                                "PMNT-RCDT-ESCT"));
                    default -> {
                        String second = "F%d-%04d".formatted(day.getYear(), invoiceNo + 100);
                        out.add(tx(
                                account,
                                day,
                                false,
                                n++,
                                full.add(cents(9_680)),
                                customer,
                                iban,
                                "Factures " + number + " + " + second,
                                null,
                                null,
                                "PMNT-RCDT-ESCT"));
                    }
                }
            }
        }
        YearMonth month = YearMonth.from(day);
        if (!pending && day.getDayOfMonth() == 25) {
            for (int i = 0; i < EMPLOYEES.length; i++) {
                out.add(tx(
                        account,
                        day,
                        false,
                        n++,
                        cents(-(210_000 + 45_000 * i + r.nextInt(20_000))),
                        EMPLOYEES[i],
                        Iban.of("BE", String.format("%012d", 310000000000L + i * 1_234_567L)),
                        "Salaire %02d/%d".formatted(day.getMonthValue(), day.getYear()),
                        null,
                        null,
                        "PMNT-ICDT-SALA"));
            }
        }
        if (!pending && day.getDayOfMonth() == 20) {
            out.add(tx(
                    account,
                    day,
                    false,
                    n++,
                    cents(-(150_000 + r.nextInt(300_000))),
                    "SPF Finances - TVA",
                    Iban.of("BE", "679200540000"),
                    BelgianStructuredCommunication.create(2_000_000_000L + month.getMonthValue()),
                    null,
                    null,
                    "PMNT-ICDT-TAXS"));
            out.add(tx(
                    account,
                    day,
                    false,
                    n++,
                    cents(-(80_000 + r.nextInt(60_000))),
                    "ONSS - RSZ",
                    Iban.of("BE", "096011784709"),
                    "Cotisations sociales T" + ((day.getMonthValue() - 1) / 3 + 1),
                    null,
                    null,
                    "PMNT-ICDT-TAXS"));
        }
        if (!pending && day.equals(month.atEndOfMonth())) {
            out.add(tx(
                    account,
                    day,
                    false,
                    n++,
                    cents(-1250),
                    null,
                    null,
                    "Frais de tenue de compte " + month,
                    null,
                    null,
                    "ACMT-MDOP-CHRG"));
        }
        return out;
    }

    private static Tx tx(
            DemoAccount account,
            LocalDate day,
            boolean pending,
            int n,
            BigDecimal amount,
            String name,
            String iban,
            String remittance,
            String structured,
            String e2e,
            String code) {
        // booked and pending versions of one transaction have different ids (the hard case); some banks give none
        String id = account.withoutIds()
                ? null
                : (pending ? "PND-" : "BKD-")
                        + Integer.toHexString(account.iban().hashCode() & 0xfffff) + "-" + day + "-" + n;
        return new Tx(
                id,
                pending,
                amount,
                account.currency(),
                pending ? null : day,
                day,
                name,
                iban,
                remittance,
                structured,
                e2e,
                code);
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
