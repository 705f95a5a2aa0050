package app.lettrage.invoice.service;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.invoice.Rounding;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsTest {

    private static Totals.Line line(String qty, String price, String rate, String discount) {
        return new Totals.Line(
                new BigDecimal(qty),
                new BigDecimal(price),
                new BigDecimal(rate),
                discount == null ? null : new BigDecimal(discount));
    }

    @Test
    void perTotalRoundsVatOncePerRatePerLineRoundsEachLine() {
        // three lines of 0.33 net at 20 %: 0.066 VAT each
        List<Totals.Line> lines =
                List.of(line("1", "0.33", "20", null), line("1", "0.33", "20", null), line("1", "0.33", "20.0", null));
        Totals.Result perTotal = Totals.compute(lines, Rounding.PER_TOTAL, "EUR");
        Totals.Result perLine = Totals.compute(lines, Rounding.PER_LINE, "EUR");
        assertThat(perTotal.net()).isEqualByComparingTo("0.99").hasScaleOf(2);
        assertThat(perTotal.vatTotal()).isEqualTo(new BigDecimal("0.20")); // 0.198 rounded once
        assertThat(perLine.vatTotal()).isEqualTo(new BigDecimal("0.21")); // 0.07 three times
        assertThat(perTotal.gross()).isEqualTo(new BigDecimal("1.19"));
        assertThat(perLine.gross()).isEqualTo(new BigDecimal("1.20"));
        assertThat(perTotal.vat()).singleElement().satisfies(v -> {
            assertThat(v.rate()).isEqualTo(new BigDecimal("20.00")); // 20 and 20.0 are one rate
            assertThat(v.base()).isEqualTo(new BigDecimal("0.99"));
        });
    }

    @Test
    void discountsAndSeveralRatesAreExact() {
        Totals.Result r = Totals.compute(
                List.of(line("3", "400.00", "20", "5"), line("1", "42.00", "5.5", null)), Rounding.PER_TOTAL, "EUR");
        assertThat(r.lines())
                .extracting(Totals.LineAmounts::net)
                .containsExactly(new BigDecimal("1140.00"), new BigDecimal("42.00"));
        assertThat(r.vat())
                .extracting(Totals.VatLine::rate)
                .containsExactly(new BigDecimal("5.50"), new BigDecimal("20.00"));
        assertThat(r.vat())
                .extracting(Totals.VatLine::vat)
                .containsExactly(new BigDecimal("2.31"), new BigDecimal("228.00"));
        assertThat(r.gross()).isEqualTo(new BigDecimal("1412.31"));
    }

    @Test
    void theCurrencysExponentDecides() {
        Totals.Result yen = Totals.compute(List.of(line("3", "333.5", "10", null)), Rounding.PER_TOTAL, "JPY");
        assertThat(yen.net()).isEqualTo(new BigDecimal("1001")); // 1000.5 half-up
        assertThat(yen.gross()).isEqualTo(new BigDecimal("1101"));
        Totals.Result dinar = Totals.compute(List.of(line("1", "1.2345", "10", null)), Rounding.PER_LINE, "BHD");
        assertThat(dinar.net()).isEqualTo(new BigDecimal("1.235"));
        assertThat(dinar.vatTotal()).isEqualTo(new BigDecimal("0.124")); // 0.1235 half-up
    }
}
