package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Names that differ only by legal form are different companies; when several counterparties share a normalised name,
 * the name alone is weak evidence and does not settle anything without a person.
 */
class LegalFormTest {
    private static final String SASU_IBAN = "FR1420041010050500013M02606";

    private final MatchingEngine engine = new MatchingEngine();
    private final MatchingSettings settings = MatchingSettings.defaults();

    private static OpenItemBook kowalski() {
        return book(
                sales("sarl", "RE-2026-0501", "950.00", "Kowalski Immobilier SARL", null),
                sales("sasu", "RE-2026-0502", "800.00", "Kowalski Immobilier SASU", SASU_IBAN),
                sales("other", "RE-2026-0503", "800.00", "Dahl Arkitektur AS", null));
    }

    @Test
    void anotherLegalFormIsAnotherCompany() {
        Decision d = engine.decide(tx("800.00", "KOWALSKI IMMOBILIER SARL", null, "Virement"), kowalski(), settings);
        assertThat(d.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void aNameSharedByTwoCompaniesIsWeakEvidence() {
        Decision d = engine.decide(tx("800.00", "KOWALSKI IMMOBILIER", null, "Virement"), kowalski(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("sasu");
    }

    @Test
    void theSameLegalFormIdentifiesTheCompany() {
        Decision d = engine.decide(tx("800.00", "KOWALSKI IMMOBILIER SASU", null, "Virement"), kowalski(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("sasu");
    }

    @Test
    void theIbanIdentifiesTheCompanyWhateverTheName() {
        Decision d = engine.decide(tx("800.00", "KOWALSKI IMMOBILIER", SASU_IBAN, "Virement"), kowalski(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("sasu");
    }
}
