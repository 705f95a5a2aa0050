package app.lettrage.banksync.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ForeignExchangeDetailsTest {

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void theRateIsOrientedAsAccountUnitsPerInstructedUnitWhicheverWayTheBankWroteIt() {
        ForeignExchangeDetails asWritten =
                ForeignExchangeDetails.of(d("1170.45"), "CHF", d("1250.00"), "EUR", d("0.93636"));
        assertThat(asWritten.instructedAmount().amount()).isEqualByComparingTo("1250.00");
        assertThat(asWritten.instructedAmount().currency()).isEqualTo("EUR");
        assertThat(asWritten.exchangeRate().currency()).isEqualTo("EUR");
        assertThat(asWritten.exchangeRate().rate()).isEqualByComparingTo("0.93636");

        // the same conversion quoted the other way round (EUR per CHF)
        ForeignExchangeDetails inverted =
                ForeignExchangeDetails.of(d("-1170.45"), "CHF", d("1250.00"), "EUR", d("1.0679653"));
        assertThat(inverted.exchangeRate().rate()).isBetween(d("0.93636"), d("0.93637"));
        assertThat(inverted.exchangeRate().rate().scale()).isLessThanOrEqualTo(10);
        assertThat(inverted.exchangeRate().rate().toString()).doesNotContain("E");
    }

    @Test
    void aRateWithoutInstructedAmountIsKeptAsWrittenInPlainNotation() {
        ForeignExchangeDetails fx =
                ForeignExchangeDetails.of(d("920.00"), "EUR", null, "USD", new BigDecimal("9.2E-1"));
        assertThat(fx.instructedAmount()).isNull();
        assertThat(fx.exchangeRate().rate().toString()).isEqualTo("0.92");
        assertThat(ForeignExchangeDetails.of(d("920.00"), "EUR", null, "USD", new BigDecimal("1.2E+2"))
                        .exchangeRate()
                        .rate()
                        .toString())
                .isEqualTo("120");
    }

    @Test
    void detailsInTheAccountsCurrencyOrOutOfBoundsAreLeftOut() {
        assertThat(ForeignExchangeDetails.of(d("10.00"), "EUR", d("10.50"), "EUR", d("1")))
                .isSameAs(ForeignExchangeDetails.NONE);
        assertThat(ForeignExchangeDetails.of(d("10.00"), "EUR", null, null, d("1.1")))
                .isSameAs(ForeignExchangeDetails.NONE);
        ForeignExchangeDetails badRate = ForeignExchangeDetails.of(d("10.00"), "EUR", d("11.00"), "USD", d("0"));
        assertThat(badRate.instructedAmount()).isNotNull();
        assertThat(badRate.exchangeRate()).isNull();
        assertThat(ForeignExchangeDetails.of(d("10.00"), "EUR", d("11.001"), "USD", new BigDecimal("1E+99999999")))
                .isSameAs(ForeignExchangeDetails.NONE);
        assertThat(ForeignExchangeDetails.of(d("10.00"), "EUR", d("11.00"), "XXY", d("1.1")))
                .isSameAs(ForeignExchangeDetails.NONE);
    }
}
