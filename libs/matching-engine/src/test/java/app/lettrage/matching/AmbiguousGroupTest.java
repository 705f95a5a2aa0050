package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.salesIssued;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule: when several subsets of a customer's open invoices add up to a grouped payment (equal amounts, say), the
 * references in the remittance choose the subset; when they do not decide it, the case is a suggestion. A subset
 * search needs a reason to believe in it (a reference, or a payer identified by IBAN): a payer known by name only is
 * a suggestion at best.
 */
class AmbiguousGroupTest {
    private static final String OKAFOR_IBAN = "GB29NWBK60161331926819";
    private static final String OKAFOR = "Okafor Consulting Ltd";

    private final MatchingEngine engine = new MatchingEngine();
    private final MatchingSettings settings = MatchingSettings.defaults();

    /** Three monthly retainers of the same amount and one other invoice. */
    private static OpenItemBook retainers() {
        return book(
                salesIssued("g1", "RE-2026-0301", "250.00", OKAFOR, OKAFOR_IBAN, 0),
                salesIssued("g2", "RE-2026-0302", "250.00", OKAFOR, OKAFOR_IBAN, 1),
                salesIssued("g3", "RE-2026-0303", "250.00", OKAFOR, OKAFOR_IBAN, 2),
                salesIssued("g4", "RE-2026-0304", "410.00", OKAFOR, OKAFOR_IBAN, 3));
    }

    @Test
    void equalAmountsWithoutReferencesAreASuggestion() {
        Decision d =
                engine.decide(tx("500.00", "OKAFOR CONSULTING LTD", OKAFOR_IBAN, "Payment"), retainers(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("another combination"));
    }

    @Test
    void theReferencesChooseTheSubset() {
        Decision d = engine.decide(
                tx("500.00", "OKAFOR CONSULTING LTD", OKAFOR_IBAN, "Invoices RE-2026-0302 and RE-2026-0303"),
                retainers(),
                settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactlyInAnyOrder("g2", "g3");
    }

    @Test
    void referencesThatDoNotDecideTheSubsetGiveASuggestion() {
        Decision d = engine.decide(
                tx("500.00", "OKAFOR CONSULTING LTD", OKAFOR_IBAN, "RE-2026-0301 RE-2026-0302 RE-2026-0303"),
                retainers(),
                settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
    }

    /** Distinct amounts: one combination only. */
    private static OpenItemBook distinct(String iban) {
        return book(
                salesIssued("h1", "RE-2026-0311", "120.40", OKAFOR, iban, 0),
                salesIssued("h2", "RE-2026-0312", "388.15", OKAFOR, iban, 1),
                salesIssued("h3", "RE-2026-0313", "902.77", OKAFOR, iban, 2),
                salesIssued("h4", "RE-2026-0314", "1501.09", OKAFOR, iban, 3),
                salesIssued("h5", "RE-2026-0315", "77.30", OKAFOR, iban, 4));
    }

    @Test
    void nothingButTheNameOfThePayerIsASuggestionAtBest() {
        Decision d = engine.decide(tx("1368.22", "OKAFOR CONSULTING", null, "Payment"), distinct(null), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactlyInAnyOrder("h2", "h3", "h5");
    }

    @Test
    void aPayerIdentifiedByIbanWithOneFittingCombinationAutoMatches() {
        Decision d = engine.decide(
                tx("1368.22", "OKAFOR CONSULTING", OKAFOR_IBAN, "Payment"), distinct(OKAFOR_IBAN), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactlyInAnyOrder("h2", "h3", "h5");
    }
}
