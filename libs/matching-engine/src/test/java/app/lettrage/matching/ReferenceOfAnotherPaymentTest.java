package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule: a reference of the right shape that resolves to an invoice with a different amount, while another open
 * invoice of the payer fits the amount, is explained in the reasons and never auto-matched: only a reference and an
 * amount that agree settle without a person.
 */
class ReferenceOfAnotherPaymentTest {
    private static final String NOVAK_IBAN = "NL91ABNA0417164300";

    private final MatchingEngine engine = new MatchingEngine();
    private final MatchingSettings settings = MatchingSettings.defaults();

    private static OpenItemBook novak() {
        return book(
                sales("a", "RE-2026-0401", "450.00", "Novak Bouw BV", NOVAK_IBAN),
                sales("b", "RE-2026-0402", "900.00", "Novak Bouw BV", NOVAK_IBAN),
                sales("o", "RE-2026-0403", "4410.00", "Ferreira Moveis Lda", null));
    }

    @Test
    void theReferenceNamesAnInvoiceOfAnotherAmountWhileAnotherInvoiceOfThePayerFits() {
        Decision d = engine.decide(
                tx("450.00", "NOVAK BOUW BV", NOVAK_IBAN, "Betaling factuur RE-2026-0402"), novak(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("a");
        assertThat(d.candidates()).anyMatch(c -> c.invoiceIds().equals(java.util.List.of("b")));
        assertThat(d.reasons()).anyMatch(r -> r.contains("RE-2026-0402") && r.contains("900.00"));
    }

    @Test
    void aReferenceAndAnAmountThatAgreeAutoMatch() {
        Decision d = engine.decide(
                tx("900.00", "NOVAK BOUW BV", NOVAK_IBAN, "Betaling factuur RE-2026-0402"), novak(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("b");
    }

    @Test
    void withoutAnotherFittingInvoiceTheNamedInvoiceTakesAnInstalment() {
        OpenItemBook b = novak();
        b.remove("a");
        Decision d =
                engine.decide(tx("450.00", "NOVAK BOUW BV", NOVAK_IBAN, "Betaling factuur RE-2026-0402"), b, settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("b");
    }

    @Test
    void aThirdPartyPayingAnotherCustomersInvoiceWithReferenceAndAmountAgreeing() {
        Decision d = engine.decide(tx("4410.00", "NOVAK BOUW BV", NOVAK_IBAN, "RE-2026-0403"), novak(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("o");
    }

    @Test
    void aReferenceWhoseAmountFitsOnlyWithinToleranceLosesToAnExactInvoiceOfThePayer() {
        OpenItemBook b = novak();
        b.upsert(sales("c", "RE-2026-0404", "449.80", "Novak Bouw BV", NOVAK_IBAN));
        Decision d = engine.decide(tx("450.00", "NOVAK BOUW BV", NOVAK_IBAN, "Factuur RE-2026-0404"), b, settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("a");
    }

    @Test
    void anotherCompanysInvoiceThatFitsOnlyWithinToleranceIsNotSettledAutomatically() {
        // a mistyped number that happens to name someone else's invoice of almost the same amount
        Decision d = engine.decide(
                tx("4410.35", "VAN LEEUWEN TRANSPORT", "NL02ABNA0123456789", "RE-2026-0403"), novak(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("o");
    }
}
