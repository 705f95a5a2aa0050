package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default fee tolerances at their boundaries (rationale on {@link MatchingSettings#defaults()}): SEPA 2.50, cross
 * border 50.00, both at most 5% of the amount due; card 3.5% + 0.35. One minor unit more is no fee: the payment that
 * names the invoice is then an instalment, with nothing written off.
 */
class FeeToleranceBoundaryTest {
    private final MatchingEngine engine = new MatchingEngine();

    @ParameterizedTest(name = "{0}: {2} paid on {1} due -> write-off {3}")
    @CsvSource({
        // SEPA: the absolute bound (700.00: no round discount rate lands on these shortfalls)
        "PMNT-RCDT-ESCT, 700.00, 697.50, 2.50",
        "PMNT-RCDT-ESCT, 700.00, 697.49, 0",
        // SEPA: 5% of 40.00 is below the absolute bound
        "PMNT-RCDT-ESCT, 40.00, 38.00, 2.00",
        "PMNT-RCDT-ESCT, 40.00, 37.99, 0",
        // cross-border: the absolute bound
        "PMNT-RCDT-XBCT, 1200.00, 1150.00, 50.00",
        "PMNT-RCDT-XBCT, 1200.00, 1149.99, 0",
        // cross-border: 5% of 400.00
        "PMNT-RCDT-XBCT, 400.00, 380.00, 20.00",
        "PMNT-RCDT-XBCT, 400.00, 379.99, 0",
        // card: 3.5% + 0.35 of 1000.00
        "PMNT-MCRD-POSP, 1000.00, 964.65, 35.35",
        "PMNT-MCRD-POSP, 1000.00, 964.64, 0",
    })
    void feeToleranceBoundaries(String code, String due, String paid, String writeOff) {
        OpenItemBook b = book(sales("inv", "RE-2026-0601", due, "Ishikawa Trading Ltd", null));
        Decision d = engine.decide(
                tx(paid, "ISHIKAWA TRADING", null, "Invoice RE-2026-0601", null, code), b, MatchingSettings.defaults());
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).hasSize(1);
        assertThat(d.allocations().get(0).writeOff()).isEqualByComparingTo(writeOff);
        assertThat(d.allocations().get(0).amount()).isEqualByComparingTo(paid);
        b.apply(d.allocations());
        BigDecimal left = new BigDecimal(due).subtract(new BigDecimal(paid)).subtract(new BigDecimal(writeOff));
        assertThat(b.amountDue("inv")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(left));
    }
}
