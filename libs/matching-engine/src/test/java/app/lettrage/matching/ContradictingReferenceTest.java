package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.paidSales;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule: a remittance that names an invoice (number of the tenant's shape, RF reference, structured communication)
 * which is not the invoice the payer and the amount point to is explicit contrary evidence. It vetoes the automatic
 * match; the case becomes a suggestion whose reasons name the contradiction.
 */
class ContradictingReferenceTest {
    private static final String HARTMANN_IBAN = "DE89370400440532013000";

    private final MatchingEngine engine = new MatchingEngine();

    /** Payer identified by IBAN, the amount equals one of its open invoices: without text, an automatic match. */
    private static OpenItemBook hartmannBook() {
        return book(
                sales("a", "RE-2026-0101", "450.00", "Hartmann Elektro GmbH", HARTMANN_IBAN),
                sales("c", "RE-2026-0103", "1310.00", "Lindqvist Design AB", null),
                sales("x", "RE-2026-0104", "96.10", "Oyelaran Textiles Ltd", null),
                paidSales("d", "RE-2026-0099", "450.00", "Hartmann Elektro GmbH", HARTMANN_IBAN));
    }

    private Decision decide(String text, OpenItemBook b) {
        return engine.decide(
                tx("450.00", "HARTMANN ELEKTRO GMBH", HARTMANN_IBAN, text), b, MatchingSettings.defaults());
    }

    @Test
    void withoutAnyReferenceThePayerAndTheAmountAutoMatch() {
        Decision d = decide("Zahlung", hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("a");
    }

    @Test
    void aNumberOfTheTenantsShapeThatExistsNowhereVetoes() {
        Decision d = decide("Rechnung Nr. RE-2026-0188", hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("a");
        assertThat(d.reasons()).anyMatch(r -> r.contains("RE-2026-0188"));
    }

    @Test
    void anInvoiceAlreadyPaidVetoes() {
        Decision d = decide("betaling factuur re 2026 0099", hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("RE-2026-0099") && r.contains("settled"));
    }

    @Test
    void aCancelledInvoiceVetoes() {
        OpenItemBook b = hartmannBook();
        b.upsert(sales("e", "RE-2026-0105", "450.00", "Hartmann Elektro GmbH", HARTMANN_IBAN));
        b.remove("e");
        Decision d = decide("Votre facture RE-2026-0105", b);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("RE-2026-0105"));
    }

    @Test
    void anotherCustomersInvoiceVetoes() {
        Decision d = decide("INVOICE RE2026-0103", hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("a");
        assertThat(d.reasons()).anyMatch(r -> r.contains("RE-2026-0103"));
    }

    @Test
    void anRfReferenceThatNamesAnotherInvoiceVetoes() {
        OpenItemBook b = hartmannBook();
        String rf = References.makeRf("4471902");
        b.upsert(Fixtures.invoice("rf", Direction.SALES, "RE-2026-0110", rf, "2200.00", "Lindqvist Design AB", null));
        Decision d = engine.decide(
                tx("450.00", "HARTMANN ELEKTRO GMBH", HARTMANN_IBAN, null, rf), b, MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.reasons()).anyMatch(r -> r.contains(rf));
    }

    @Test
    void numbersOfAnotherShapeAreNoContradiction() {
        Decision d = decide("Bestellung 4711 Kundennr. 20931 PO-88123", hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("a");
    }

    @Test
    void aNumberCutByTheBankAtTheEndOfTheTextIsNoContradiction() {
        // 35 characters, one SWIFT line: "RE-2026-01" may be what is left of "RE-2026-0101" or of any other number
        String cut = "Zahlung Bestellung 44711 RE-2026-01";
        assertThat(cut).hasSize(35);
        Decision d = decide(cut, hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("a");
    }

    @Test
    void theNamedInvoiceItselfAutoMatches() {
        Decision d = decide("RE-2026-0101", hartmannBook());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("a");
    }
}
