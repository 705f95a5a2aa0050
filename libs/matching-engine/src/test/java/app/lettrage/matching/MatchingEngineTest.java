package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.T;
import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.invoice;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatchingEngineTest {
    private final MatchingEngine engine = new MatchingEngine();
    private final MatchingSettings settings = MatchingSettings.defaults();

    private Decision decide(BankTransaction t, OpenItemBook b) {
        return engine.decide(t, b, settings);
    }

    /** A book with the invoice under test among other open invoices of other customers. */
    private static OpenItemBook bookWith(Invoice... under) {
        OpenItemBook b = book(
                sales("other-1", "FV-2026-00018", "1250.00", "Weber Transports SAS", "FR7612345678901234567890123"),
                sales("other-2", "FV-2026-00020", "320.40", "Blanc Pharmacie SPA", null),
                sales("other-3", "FV-2026-00190", "99.00", "Nielsen Conseil SASU", null));
        for (Invoice i : under) {
            b.upsert(i);
        }
        return b;
    }

    // ---------------------------------------------------------------- references

    @ParameterizedTest
    @ValueSource(
            strings = {
                "FV-2026-00019",
                "FV 2026 00019",
                "fv202600019",
                "Reglement 2026-00019",
                "Facture n° fv-2026-19",
                "VIR SEPA 8812 FV2026 00019 CMD 4471",
                "FV-2026-00019 / FV-2026-00077"
            })
    void invoiceNumberVariantsWithExactAmountAutoMatch(String text) {
        OpenItemBook b = bookWith(sales("inv-19", "FV-2026-00019", "115.14", "Fischer Menuiserie", null));
        Decision d = decide(tx("115.14", "FISCHER MENUISERIE", "BE79787686134399", text), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("inv-19");
        assertThat(d.reasons()).anyMatch(r -> r.contains("FV-2026-00019"));
    }

    @Test
    void referenceInTheEndToEndId() {
        OpenItemBook b = bookWith(sales("inv-e", "FV-2026-00321", "640.00", "Peeters Architecture", null));
        BankTransaction t = new BankTransaction(
                "tx-e",
                T,
                null,
                new BigDecimal("640.00"),
                "EUR",
                Fixtures.PAID,
                Fixtures.PAID,
                "SOMEBODY",
                null,
                "Virement",
                null,
                "FV2026-00321",
                null);
        assertThat(decide(t, b).status()).isEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void shortRunningNumberCountsOnlyWithTheRightPayer() {
        OpenItemBook b = bookWith(sales("inv-700", "F2026/0700", "31244.66", "SA Rousseau Media", null));
        Decision d = decide(tx("31244.66", "ROUSSEAU MEDIA", null, "Reglement 700"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("running number 700"));
        Decision stranger = decide(tx("31244.66", "KOWALSKI IMMOBILIER", null, "Reglement 700"), b);
        assertThat(stranger.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void rfReferenceInStructuredFieldOrRemittanceWithSpaces() {
        String rf = References.makeRf("2214969185");
        OpenItemBook b =
                bookWith(invoice("inv-rf", Direction.SALES, "460233", rf, "2032.13", "Van Dijk Consulting", null));
        Decision structured = decide(tx("2032.13", null, null, null, rf), b);
        assertThat(structured.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(structured.reasons()).anyMatch(r -> r.contains("check digits valid"));
        String spaced = rf.substring(0, 4) + " " + rf.substring(4, 8) + " " + rf.substring(8);
        Decision text = decide(tx("2032.13", "VAN DIJK CONSULTING", null, "Paiement " + spaced.toLowerCase()), b);
        assertThat(text.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void rfWithWrongCheckDigitsIsNoReference() {
        String rf = References.makeRf("2214969185");
        String wrong = "RF" + (rf.charAt(2) == '9' ? "1" : "9") + rf.substring(3);
        OpenItemBook b =
                bookWith(invoice("inv-rf", Direction.SALES, "460233", rf, "2032.13", "Van Dijk Consulting", null));
        Decision d = decide(tx("2000.00", "SOMEONE ELSE", null, wrong), b);
        assertThat(d.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void belgianStructuredCommunication() {
        OpenItemBook b = bookWith(invoice(
                "inv-be", Direction.SALES, "2026/0042", "+++123/4567/89002+++", "640.00", "Janssens Garage BV", null));
        Decision d = decide(tx("640.00", "JANSSENS GARAGE", null, "+++123/4567/89002+++"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("inv-be");
        Decision bare = decide(tx("640.00", null, null, "123456789002"), b);
        assertThat(bare.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void aQuotedReferenceThatNamesNoOpenInvoiceBlocksAmountOnlyAutoMatch() {
        OpenItemBook b = bookWith(
                sales("inv-99", "FV-2026-00873", "99.00", "Becker Industrie EURL", "FR5369262524829488029203221"));
        Decision d = decide(
                tx(
                        "99.00",
                        "BECKER INDUSTRIE",
                        "FR5369262524829488029203221",
                        "/INV/ " + References.makeRf("1586910985")),
                b);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
    }

    // ---------------------------------------------------------------- amounts

    @Test
    void instalmentLeavesTheInvoicePartiallyPaid() {
        OpenItemBook b = bookWith(sales("inv-p", "FV-2026-00423", "1742.47", "SARL Sanchez Industrie", null));
        Decision d = decide(tx("522.74", "SANCHEZ INDUSTRIE", null, "Facture FV-2026-00423 acompte"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("instalment of 30%"));
        b.apply(d.allocations());
        assertThat(b.amountDue("inv-p")).contains(new BigDecimal("1219.73"));
        // the balance later settles it exactly
        Decision rest = decide(tx("1219.73", "SANCHEZ INDUSTRIE", null, "solde FV-2026-00423"), b);
        assertThat(rest.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        b.apply(rest.allocations());
        assertThat(b.amountDue("inv-p")).contains(new BigDecimal("0.00"));
    }

    @Test
    void arbitraryPartialWithoutReferenceIsOnlySuggested() {
        OpenItemBook b = bookWith(
                sales("inv-p", "FV-2026-00423", "1742.47", "Sanchez Industrie", null),
                sales("inv-q", "FV-2026-00424", "512.00", "Sanchez Industrie", null));
        Decision d = decide(tx("333.33", "SANCHEZ INDUSTRIE", null, "Virement"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
    }

    @Test
    void smallOverpaymentSettlesLargeOneIsSuggested() {
        OpenItemBook b = bookWith(sales("inv-o", "FV-2026-00210", "126.44", "Weber Architecture NV", null));
        Decision small = decide(tx("126.45", "WEBER ARCHITECTURE", null, "FV-2026-00210"), b);
        assertThat(small.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(small.reasons()).anyMatch(r -> r.contains("overpayment of 0.01"));
        Decision large = decide(tx("400.00", "WEBER ARCHITECTURE", null, "FV-2026-00210"), b);
        assertThat(large.status()).isEqualTo(MatchStatus.SUGGESTED);
    }

    @Test
    void bankFeeShortfallWithinToleranceIsWrittenOff() {
        OpenItemBook b = bookWith(sales("inv-f", "F2026/0365", "359.93", "Durand Garage SARL", null));
        Decision d = decide(tx("358.43", "DURAND GARAGE", null, "F2026/0365"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations().get(0).writeOff()).isEqualByComparingTo("1.50");
        assertThat(d.reasons()).anyMatch(r -> r.contains("SEPA transfer fee range"));
        b.apply(d.allocations());
        assertThat(b.amountDue("inv-f")).contains(new BigDecimal("0.00"));
        // a tenant with a zero fee tolerance does not accept it as settling
        MatchingSettings strict = settings.withFeeTolerance(BigDecimal.ZERO, BigDecimal.ZERO);
        OpenItemBook b2 = bookWith(sales("inv-f", "F2026/0365", "359.93", "Durand Garage SARL", null));
        Decision d2 = engine.decide(tx("358.43", "DURAND GARAGE", null, "F2026/0365"), b2, strict);
        assertThat(d2.reasons()).noneMatch(r -> r.contains("written off as a fee"));
        assertThat(d2.allocations().get(0).writeOff()).isZero();
    }

    @Test
    void earlyPaymentDiscount() {
        OpenItemBook b = bookWith(sales("inv-d", "F2026/0830", "480.00", "Nielsen Transports SL", null));
        Decision d = decide(tx("470.40", "NIELSEN TRANSPORTS", null, "F2026/0830"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("2% early-payment discount"));
    }

    @Test
    void groupedPaymentNamedInTheText() {
        OpenItemBook b = bookWith(
                sales("g1", "F2026/0001", "2545.60", "Van Dijk Garage SASU", null),
                sales("g2", "F2026/0566", "316.65", "Van Dijk Garage SASU", null),
                sales("g3", "F2026/0567", "1000.00", "Van Dijk Garage SASU", null));
        Decision d = decide(tx("2862.25", "VAN DIJK GARAGE", null, "Invoices f2026/0001 f2026/0566"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactlyInAnyOrder("g1", "g2");
    }

    @Test
    void groupedPaymentFoundBySubsetSumOverThePayersOpenInvoices() {
        OpenItemBook b = bookWith(
                sales("s1", "FV-2026-00053", "93.19", "SARL Sanchez Industrie", "FR93252909"),
                sales("s2", "FV-2026-00694", "256.08", "SARL Sanchez Industrie", null),
                sales("s3", "FV-2026-00058", "31471.02", "SARL Sanchez Industrie", null),
                sales("s4", "FV-2026-00059", "1200.00", "SARL Sanchez Industrie", null),
                sales("x1", "FV-2026-00060", "31820.29", "Lopez Energie", null));
        Decision d = decide(tx("31820.29", "SANCHEZ INDUSTRIE SARL", "FR93252909", "Virement"), b);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactlyInAnyOrder("s1", "s2", "s3");
    }

    // ---------------------------------------------------------------- payer

    @Test
    void ibanLearnedFromAConfirmedMatch() {
        OpenItemBook b = bookWith(
                sales("inv-l", "FV-2026-00300", "780.00", "Garcia Optique SAS", null),
                sales("inv-m", "FV-2026-00301", "1500.00", "Garcia Optique SAS", null));
        BankTransaction t = tx("780.00", null, "FR2489512392555149413502844", "virement");
        Decision before = decide(t, b);
        assertThat(before.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
        b.learn(T, "Garcia Optique SAS", "FR24 8951 2392 5551 4941 3502 844", null);
        Decision after = decide(t, b);
        assertThat(after.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(after.reasons()).anyMatch(r -> r.contains("learned"));
    }

    @Test
    void fuzzyPayerNamesWithLegalFormsAccentsTruncationAndWordOrder() {
        OpenItemBook b = bookWith(
                sales("n1", "INV-1", "2391.05", "Weber Sécurité SARL", null),
                sales("n2", "INV-2", "47252.63", "GmbH Simon Consulting", null),
                sales("n3", "INV-3", "227.47", "Luc Weber", null));
        assertThat(decide(tx("2391.05", "WEBER SECURITE", null, "PAIEMENT"), b).status())
                .isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(decide(tx("47252.63", "SIMON CONSULTIN", null, null), b).status())
                .isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(decide(tx("227.47", "WEBER LUC", null, "VIR SEPA"), b).status())
                .isEqualTo(MatchStatus.AUTO_MATCHED);
        // a stranger paying the same amount is only a suggestion
        Decision stranger = decide(tx("2391.05", "BAKKER DESIGN", null, "PAIEMENT"), b);
        assertThat(stranger.status()).isEqualTo(MatchStatus.SUGGESTED);
    }

    // ---------------------------------------------------------------- direction, currency, dates, tenant

    @Test
    void moneyOutNeverSettlesASalesInvoice() {
        OpenItemBook b = bookWith(
                sales("inv-s", "FV-2026-00077", "500.00", "Martin SA", null),
                invoice("inv-p", Direction.PURCHASE, "RE665905", null, "500.00", "Martin SA", null));
        Decision out = decide(tx("-500.00", "MARTIN SA", null, "FV-2026-00077"), b);
        assertThat(out.allocations()).extracting(Allocation::invoiceId).doesNotContain("inv-s");
        Decision out2 = decide(tx("-500.00", "MARTIN", null, "RE 665905"), b);
        assertThat(out2.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(out2.allocations()).extracting(Allocation::invoiceId).containsExactly("inv-p");
    }

    @Test
    void otherCurrencyIsNotMatched() {
        OpenItemBook b = bookWith(sales("inv-c", "FV-2026-00077", "500.00", "Martin SA", null));
        BankTransaction usd = new BankTransaction(
                "tx-usd",
                T,
                null,
                new BigDecimal("500.00"),
                "USD",
                Fixtures.PAID,
                Fixtures.PAID,
                "MARTIN SA",
                null,
                "FV-2026-00077",
                null,
                null,
                null);
        assertThat(decide(usd, b).status()).isEqualTo(MatchStatus.UNMATCHED);
    }

    @Test
    void paymentLongBeforeTheInvoiceIsImplausible() {
        OpenItemBook b = bookWith(sales("inv-t", "FV-2026-00077", "500.00", "Martin SA", null));
        BankTransaction early = new BankTransaction(
                "tx-e",
                T,
                null,
                new BigDecimal("500.00"),
                "EUR",
                LocalDate.of(2026, 1, 5),
                LocalDate.of(2026, 1, 5),
                "MARTIN SA",
                null,
                "FV-2026-00077",
                null,
                null,
                null);
        Decision d = decide(early, b);
        assertThat(d.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.candidates().get(0).reasons()).anyMatch(r -> r.contains("implausible"));
    }

    @Test
    void neverAcrossTenants() {
        OpenItemBook b = bookWith(sales("inv-x", "FV-2026-00077", "500.00", "Martin SA", null));
        BankTransaction other = new BankTransaction(
                "tx-o",
                "tenant-b",
                null,
                new BigDecimal("500.00"),
                "EUR",
                Fixtures.PAID,
                Fixtures.PAID,
                "MARTIN SA",
                null,
                "FV-2026-00077",
                null,
                null,
                null);
        assertThat(decide(other, b).status()).isEqualTo(MatchStatus.UNMATCHED);
        Invoice foreign = new Invoice(
                "inv-f",
                "tenant-b",
                Direction.SALES,
                "X-1",
                null,
                "A",
                null,
                "EUR",
                BigDecimal.TEN,
                BigDecimal.TEN,
                null,
                null);
        assertThatThrownBy(() -> b.upsert(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- ambiguity, determinism, book

    @Test
    void twoEquallyFittingInvoicesAreSuggestedNeverAutoMatched() {
        OpenItemBook b = bookWith(
                sales("a1", "FV-2026-00873", "99.00", "Paul Fournier", "FR3801144060229891051363655"),
                sales("a2", "FV-2026-00874", "99.00", "Paul Fournier", "FR3801144060229891051363655"));
        Decision d = decide(tx("99.00", "PAUL FOURNIER", "FR3801144060229891051363655", null), b);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(d.reasons()).anyMatch(r -> r.startsWith("ambiguous"));
        assertThat(d.confidence()).isLessThan(settings.autoMatchThreshold());
    }

    @Test
    void deterministic() {
        OpenItemBook b1 = bookWith(
                sales("a1", "FV-2026-00873", "99.00", "Paul Fournier", null),
                sales("a2", "FV-2026-00874", "99.00", "Paul Fournier", null));
        OpenItemBook b2 = bookWith(
                sales("a2", "FV-2026-00874", "99.00", "Paul Fournier", null),
                sales("a1", "FV-2026-00873", "99.00", "Paul Fournier", null));
        BankTransaction t = tx("99.00", "PAUL FOURNIER", null, "merci");
        assertThat(decide(t, b1)).isEqualTo(decide(t, b2));
        assertThat(decide(t, b1)).isEqualTo(decide(t, b1));
    }

    @Test
    void bookUpdatesItsIndexesIncrementally() {
        OpenItemBook b = bookWith(sales("inv-b", "FV-2026-00500", "250.00", "Rossi Optique", null));
        assertThat(decide(tx("250.00", null, null, "FV-2026-00500"), b).status())
                .isEqualTo(MatchStatus.AUTO_MATCHED);
        b.applyAllocation("inv-b", new BigDecimal("250.00"));
        assertThat(decide(tx("250.00", null, null, "FV-2026-00500"), b).status())
                .isNotEqualTo(MatchStatus.AUTO_MATCHED);
        b.revertAllocation("inv-b", new BigDecimal("250.00"));
        assertThat(decide(tx("250.00", null, null, "FV-2026-00500"), b).status())
                .isEqualTo(MatchStatus.AUTO_MATCHED);
        b.upsert(sales("inv-b", "FV-2026-00500", "300.00", "Rossi Optique", null));
        assertThat(b.amountDue("inv-b")).contains(new BigDecimal("300.00"));
        assertThat(b.remove("inv-b")).isTrue();
        assertThat(decide(tx("250.00", null, null, "FV-2026-00500"), b).status())
                .isNotEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(b.openCount()).isEqualTo(3);
    }
}
