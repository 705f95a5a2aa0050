package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.DUE;
import static app.lettrage.matching.Fixtures.ISSUE;
import static app.lettrage.matching.Fixtures.PAID;
import static app.lettrage.matching.Fixtures.T;
import static app.lettrage.matching.Fixtures.book;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.matching.BankTransaction.Conversion;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Rules: a payment the bank converted from another currency is matched against invoices in that currency. With the
 * amount the payer instructed, on that amount exactly and under every rule of a same-currency payment. With the bank's
 * rate only, the converted amount settles an invoice within the tenant's FX tolerance, the gap being the allocation's
 * FX difference, and only when one invoice alone fits. Without instructed amount nor rate, never across currencies.
 */
class ConvertedPaymentsTest {
    private static final String DUPONT_IBAN = "FR7630006000011234567890189";
    private static final String MARTIN_IBAN = "DE89370400440532013000";

    private final MatchingEngine engine = new MatchingEngine();

    private static Invoice invoice(
            String id, String number, String amount, String currency, String party, String iban) {
        return new Invoice(
                id,
                T,
                Direction.SALES,
                number,
                null,
                party,
                iban,
                currency,
                new BigDecimal(amount),
                new BigDecimal(amount),
                ISSUE,
                DUE);
    }

    private static BankTransaction payment(String amount, String currency, String text, Conversion conversion) {
        return new BankTransaction(
                "tx-fx",
                T,
                "CH9300762011623852957",
                new BigDecimal(amount),
                currency,
                PAID,
                PAID,
                "DUPONT SARL",
                DUPONT_IBAN,
                text,
                null,
                null,
                "PMNT-RCDT-XBCT",
                conversion);
    }

    private static Conversion instructed(String amount, String currency, String rate) {
        return new Conversion(new BigDecimal(amount), currency, rate == null ? null : new BigDecimal(rate));
    }

    private static Conversion rate(String currency, String rate) {
        return new Conversion(null, currency, new BigDecimal(rate));
    }

    private static OpenItemBook dupont() {
        return book(
                invoice("eur", "FV-2026-0042", "1250.00", "EUR", "Dupont SARL", DUPONT_IBAN),
                invoice("other", "FV-2026-0043", "310.00", "EUR", "Martin GmbH", MARTIN_IBAN));
    }

    @Test
    void aEurInvoicePaidFromAChfAccountWithTheInstructedEurAmountMatchesExactlyWithoutFxDifference() {
        Decision d = engine.decide(
                payment("1170.45", "CHF", "FV-2026-0042", instructed("1250.00", "EUR", "0.93636")),
                dupont(),
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).hasSize(1);
        Allocation a = d.allocations().get(0);
        assertThat(a.invoiceId()).isEqualTo("eur");
        assertThat(a.amount()).isEqualByComparingTo("1250.00");
        assertThat(a.fxDifference()).isEqualByComparingTo("0");
        assertThat(a.settledAmount()).isEqualByComparingTo("1250.00");
        assertThat(d.reasons()).anyMatch(r -> r.contains("paid as instructed: EUR 1250.00"));
    }

    @Test
    void theSamePaymentWithoutItsConversionIsNeverComparedWithEurInvoices() {
        Decision d =
                engine.decide(payment("1250.00", "CHF", "FV-2026-0042", null), dupont(), MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.UNMATCHED);
        assertThat(d.candidates()).isEmpty();
        assertThat(d.reasons()).anyMatch(r -> r.contains("no open SALES invoice in CHF"));
    }

    @Test
    void aEurInvoicePaidInEurFromAPayersChfAccountStillMatchesExactlyOnTheBookedAmount() {
        // the bank reports the payer's CHF side; the booked EUR amount is the invoice's own
        Decision d = engine.decide(
                payment("1250.00", "EUR", "FV-2026-0042", rate("CHF", "1.0679653")),
                dupont(),
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("eur");
        assertThat(d.allocations().get(0).amount()).isEqualByComparingTo("1250.00");
        assertThat(d.allocations().get(0).fxDifference()).isEqualByComparingTo("0");
    }

    @Test
    void anInstructedAmountStillObeysContraryEvidence() {
        // the remittance names an invoice that exists nowhere: vetoed as for a payment in EUR
        Decision d = engine.decide(
                payment("1170.45", "CHF", "Facture FV-2026-0099", instructed("1250.00", "EUR", null)),
                dupont(),
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("FV-2026-0099"));
    }

    @Test
    void aUsdPaymentOfAEurInvoiceAtTheBanksRateMatchesWithinToleranceAndRecordsTheFxDifference() {
        // 1340.00 USD / 1.0725 = 1249.42 EUR against 1250.00 due: 0.05% off
        Decision d = engine.decide(
                payment("1340.00", "USD", "FV-2026-0042", rate("EUR", "1.0725")),
                dupont(),
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        Allocation a = d.allocations().get(0);
        assertThat(a.invoiceId()).isEqualTo("eur");
        assertThat(a.amount()).as("the converted money, in EUR").isEqualByComparingTo("1249.42");
        assertThat(a.amount().scale()).isEqualTo(2);
        assertThat(a.fxDifference()).isEqualByComparingTo("0.58");
        assertThat(a.settledAmount()).as("the invoice is settled").isEqualByComparingTo("1250.00");
        assertThat(d.reasons())
                .anyMatch(r -> r.contains("converted USD 1340.00 at 1.0725 = EUR 1249.42")
                        && r.contains("FX difference 0.58"));
    }

    @Test
    void aConvertedAmountThatExceedsTheAmountDueGivesANegativeFxDifference() {
        // 1360.00 / 1.0725 = 1268.07: 1.4% over, within 2%
        Decision d = engine.decide(
                payment("1360.00", "USD", "FV-2026-0042", rate("EUR", "1.0725")),
                dupont(),
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations().get(0).fxDifference()).isEqualByComparingTo("-18.07");
        assertThat(d.allocations().get(0).settledAmount()).isEqualByComparingTo("1250.00");
    }

    @Test
    void outsideTheTenantsFxToleranceThereIsNoAutomaticMatchAndTheToleranceIsTheTenants() {
        // 1290.00 / 1.0725 = 1202.80: 3.8% short of 1250.00
        BankTransaction tx = payment("1290.00", "USD", "FV-2026-0042", rate("EUR", "1.0725"));
        Decision strict = engine.decide(tx, dupont(), MatchingSettings.defaults());
        assertThat(strict.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(strict.candidates())
                .noneMatch(k ->
                        k.allocations().stream().anyMatch(a -> a.fxDifference().signum() != 0));

        Decision lenient =
                engine.decide(tx, dupont(), MatchingSettings.defaults().withFxTolerance(new BigDecimal("0.05")));
        assertThat(lenient.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(lenient.allocations().get(0).fxDifference()).isEqualByComparingTo("47.20");
    }

    @Test
    void twoInvoicesWithinTheToleranceAreForAPerson() {
        OpenItemBook b = book(
                invoice("a", "FV-2026-0042", "1250.00", "EUR", "Dupont SARL", DUPONT_IBAN),
                invoice("b", "FV-2026-0044", "1245.00", "EUR", "Dupont SARL", DUPONT_IBAN));
        Decision d = engine.decide(
                payment("1340.00", "USD", "virement", rate("EUR", "1.0725")), b, MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates()).extracting(k -> k.invoiceIds().get(0)).containsExactlyInAnyOrder("a", "b");
        assertThat(d.reasons()).anyMatch(r -> r.contains("within the FX tolerance: for a person"));
    }

    @Test
    void theReferenceChoosesAmongSeveralInvoicesWithinTheTolerance() {
        for (String[] numbers :
                new String[][] {{"FV-2026-00102XAXB", "FV-2026-00103XXAB"}, {"FV-2026-00103XXAB", "FV-2026-00102XAXB"}
                }) {
            OpenItemBook b = book(
                    invoice("named", numbers[0], "1250.00", "EUR", "Client SA", null),
                    invoice("same-amount", numbers[1], "1250.00", "EUR", "Client SA", null),
                    invoice("close", "FV-2026-00104XXXX", "1248.00", "EUR", "Client SA", null));
            BankTransaction tx = new BankTransaction(
                    "tx-ref",
                    T,
                    "CH9300762011623852957",
                    new BigDecimal("1340.00"),
                    "USD",
                    PAID,
                    PAID,
                    "CLIENT SA",
                    null,
                    "Invoice " + numbers[0],
                    null,
                    null,
                    "PMNT-RCDT-XBCT",
                    rate("EUR", "1.0725"));
            Decision d = engine.decide(tx, b, MatchingSettings.defaults());
            assertThat(d.status()).as(d.reasons().toString()).isEqualTo(MatchStatus.AUTO_MATCHED);
            assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("named");
        }
    }

    @Test
    void aConversionIntoAnotherCurrencyThanTheInvoicesNeverMatchesThem() {
        // wrong-currency trap: the instructed amount is in EUR, the invoice that names the reference is in USD
        OpenItemBook b = book(invoice("usd", "FV-2026-0042", "1250.00", "USD", "Dupont SARL", DUPONT_IBAN));
        Decision d = engine.decide(
                payment("1170.45", "CHF", "FV-2026-0042", instructed("1250.00", "EUR", "0.93636")),
                b,
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.UNMATCHED);
        assertThat(d.allocations()).isEmpty();

        // a rate from GBP says nothing about a EUR invoice, even where the numbers would fit
        Decision gbp = engine.decide(
                payment("1340.00", "USD", "FV-2026-0042", rate("GBP", "1.0725")),
                dupont(),
                MatchingSettings.defaults());
        assertThat(gbp.status()).isEqualTo(MatchStatus.UNMATCHED);
        assertThat(gbp.candidates()).isEmpty();
    }

    @Test
    void aRateThatConvertsBeyondAnyAmountIsRefusedWithoutArithmeticOverflow() {
        Decision d = engine.decide(
                payment("999999999999.99", "USD", "FV-2026-0042", rate("EUR", "0.0000000001")),
                dupont(),
                MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.UNMATCHED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("out of range"));
    }

    @Test
    void anOutgoingPaymentOfAPurchaseInvoiceInAnotherCurrencyMatchesAsWell() {
        OpenItemBook b = book(new Invoice(
                "p",
                T,
                Direction.PURCHASE,
                "INV-77",
                null,
                "Martin GmbH",
                MARTIN_IBAN,
                "EUR",
                new BigDecimal("500.00"),
                new BigDecimal("500.00"),
                ISSUE,
                DUE));
        BankTransaction tx = new BankTransaction(
                "tx-out",
                T,
                "CH9300762011623852957",
                new BigDecimal("-468.18"),
                "CHF",
                PAID,
                PAID,
                "Martin GmbH",
                MARTIN_IBAN,
                "INV-77",
                null,
                null,
                "PMNT-ICDT-XBCT",
                instructed("500.00", "EUR", "0.93636"));
        Decision d = engine.decide(tx, b, MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations().get(0).amount()).isEqualByComparingTo("500.00");
    }

    @Test
    void theFxToleranceIsBounded() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MatchingSettings.defaults().withFxTolerance(new BigDecimal("0.11")))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MatchingSettings.defaults().withFxTolerance(new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MatchingSettings.defaults().fxTolerance()).isEqualByComparingTo("0.02");
    }
}
