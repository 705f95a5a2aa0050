package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Rule: a write-off must be plausible as a fee of the payment's channel, small in absolute and relative terms, and is
 * never chosen over an explicit reference; an underpayment that names the invoice is an instalment unless it is
 * within fee range.
 */
class FeePlausibilityTest {
    private static final String BRANDT_IBAN = "DE02120300000000202051";
    private static final String SEPA = "PMNT-RCDT-ESCT";
    private static final String CROSS_BORDER = "PMNT-RCDT-XBCT";

    private final MatchingEngine engine = new MatchingEngine();
    private final MatchingSettings settings = MatchingSettings.defaults();

    private static OpenItemBook brandtBook() {
        return book(
                sales("a", "RE-2026-0201", "500.00", "Brandt Logistik GmbH", BRANDT_IBAN),
                sales("b", "RE-2026-0202", "300.00", "Brandt Logistik GmbH", BRANDT_IBAN),
                sales("big", "RE-2026-0203", "1000.00", "Brandt Logistik GmbH", BRANDT_IBAN),
                sales("z", "RE-2026-0204", "77.70", "Aydin Tekstil AS", null));
    }

    private static BigDecimal writeOffs(Decision d) {
        return d.allocations().stream().map(Allocation::writeOff).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aShortfallOfSeveralPercentOnASepaTransferIsNoFee() {
        Decision d =
                engine.decide(tx("480.00", "BRANDT LOGISTIK GMBH", BRANDT_IBAN, "Zahlung"), brandtBook(), settings);
        assertThat(d.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.candidates())
                .allSatisfy(c -> assertThat(c.allocations())
                        .allSatisfy(a -> assertThat(a.writeOff()).isZero()));
    }

    @Test
    void aFeeIsNeverChosenOverAnExplicitReference() {
        Decision d = engine.decide(
                tx("480.00", "BRANDT LOGISTIK GMBH", BRANDT_IBAN, "Rechnung RE-2026-0202"), brandtBook(), settings);
        assertThat(d.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("RE-2026-0202"));
    }

    @Test
    void anUnderpaymentThatNamesTheInvoiceBeyondFeeRangeIsAnInstalment() {
        OpenItemBook b = brandtBook();
        Decision d =
                engine.decide(tx("480.00", "BRANDT LOGISTIK GMBH", BRANDT_IBAN, "Rechnung RE-2026-0201"), b, settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).extracting(Allocation::invoiceId).containsExactly("a");
        assertThat(writeOffs(d)).isZero();
        b.apply(d.allocations());
        assertThat(b.amountDue("a")).contains(new BigDecimal("20.00"));
    }

    @Test
    void aSmallChargeOnASepaTransferThatNamesTheInvoiceIsWrittenOff() {
        Decision d = engine.decide(
                tx("498.50", "BRANDT LOGISTIK GMBH", BRANDT_IBAN, "Rechnung RE-2026-0201"), brandtBook(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(writeOffs(d)).isEqualByComparingTo("1.50");
    }

    @Test
    void aToleranceWithNoReferenceAndAPayerKnownByNameOnlyIsASuggestion() {
        Decision d = engine.decide(tx("498.50", "BRANDT LOGISTIK", null, "Zahlung"), brandtBook(), settings);
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates().get(0).invoiceIds()).containsExactly("a");
    }

    @Test
    void correspondentBankChargesOnACrossBorderTransferAreAFee() {
        Decision d = engine.decide(
                tx("965.00", "BRANDT LOGISTIK GMBH", null, "INV RE-2026-0203", null, CROSS_BORDER),
                brandtBook(),
                settings);
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(writeOffs(d)).isEqualByComparingTo("35.00");
        assertThat(d.reasons()).anyMatch(r -> r.contains("cross-border"));
    }

    @Test
    void theSameShortfallOnASepaTransferIsNoFee() {
        Decision d = engine.decide(
                tx("965.00", "BRANDT LOGISTIK GMBH", null, "INV RE-2026-0203", null, SEPA), brandtBook(), settings);
        assertThat(writeOffs(d)).isZero();
    }
}
