package app.lettrage.platform.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void amountsTakeTheCurrencysExponent() {
        assertThat(Money.of("10.5", "EUR")).isEqualTo(new BigDecimal("10.50"));
        assertThat(Money.of("10.500", "EUR")).isEqualTo(new BigDecimal("10.50"));
        assertThat(Money.of("1000", "JPY")).isEqualTo(new BigDecimal("1000"));
        assertThat(Money.of("1.234", "BHD")).isEqualTo(new BigDecimal("1.234"));
        assertThat(Money.toMinorUnits(new BigDecimal("12.34"), "EUR")).isEqualTo(1234L);
        assertThat(Money.fromMinorUnits(1234L, "EUR")).isEqualTo(new BigDecimal("12.34"));
        assertThat(Money.round(new BigDecimal("0.125"), "EUR")).isEqualTo(new BigDecimal("0.12"));
    }

    @Test
    void excessPrecisionAndBadCurrenciesAreErrorsNotRounding() {
        assertThatThrownBy(() -> Money.of("10.001", "EUR")).hasMessageContaining("more than 2 decimals");
        assertThatThrownBy(() -> Money.of("1.5", "JPY")).hasMessageContaining("JPY");
        assertThatThrownBy(() -> Money.of("1", "eur")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> Money.of("1", "ZZZ")).hasMessageContaining("unknown currency ZZZ");
        assertThatThrownBy(() -> Money.of("ten", "EUR")).hasMessageContaining("not a decimal");
    }
}
