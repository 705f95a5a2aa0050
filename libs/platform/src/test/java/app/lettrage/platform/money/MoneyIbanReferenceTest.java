package app.lettrage.platform.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyIbanReferenceTest {

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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89370400440532013000",
                "GB82 WEST 1234 5698 7654 32",
                "FR1420041010050500013M02606",
                "BE68539007547034",
                "NL91ABNA0417164300",
                "fr76 3000 6000 0112 3456 7890 189",
                "CH9300762011623852957"
            })
    void validIbans(String iban) {
        assertThat(Iban.isValid(iban)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89370400440532013001",
                "GB82WEST12345698765433",
                "BE6853900754703",
                "XX",
                "",
                "FR76-3000-6000-0112-3456-7890-18",
                "DE8937040044053201300!"
            })
    void invalidIbans(String iban) {
        assertThat(Iban.isValid(iban)).isFalse();
    }

    @Test
    void rfReferencesOfIso11649() {
        // the standard's own example
        assertThat(CreditorReference.rf("539007547034")).isEqualTo("RF18539007547034");
        assertThat(CreditorReference.isValidRf("RF18 5390 0754 7034")).isTrue();
        assertThat(CreditorReference.isValidRf("rf18539007547034")).isTrue();
        assertThat(CreditorReference.isValidRf("RF19539007547034")).isFalse();
        assertThat(CreditorReference.isValidRf("RF18")).isFalse();
        assertThat(CreditorReference.rf("FV2026000042"))
                .satisfies(r -> assertThat(CreditorReference.isValidRf(r)).isTrue());
        assertThat(CreditorReference.rf("7")).isEqualTo("RF097"); // check digits below 10 keep their leading zero
        assertThat(CreditorReference.formatRf("RF18539007547034")).isEqualTo("RF18 5390 0754 7034");
        assertThatThrownBy(() -> CreditorReference.rf("ABCDEFGHIJKLMNOPQRSTUV")).hasMessageContaining("1 to 21");
    }

    @Test
    void belgianStructuredCommunication() {
        assertThat(CreditorReference.belgian(123456789L)).isEqualTo("+++012/3456/78939+++");
        assertThat(CreditorReference.isValidBelgian("+++012/3456/78939+++")).isTrue();
        assertThat(CreditorReference.isValidBelgian("012345678939")).isTrue();
        assertThat(CreditorReference.isValidBelgian("+++012/3456/78940+++")).isFalse();
        // a multiple of 97 has check digits 97, not 00
        assertThat(CreditorReference.belgian(97L)).endsWith("97+++");
        assertThat(CreditorReference.isValidBelgian(CreditorReference.belgian(97L)))
                .isTrue();
    }
}
