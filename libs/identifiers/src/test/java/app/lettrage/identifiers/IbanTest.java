package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89 3704 0044 0532 0130 00",
                "de89370400440532013000",
                "BE71-0961-2345-6769",
                "GB82 WEST 1234 5698 7654 32",
                "FR14 2004 1010 0505 0001 3M02 606",
                "CH93 0076 2011 6238 5295 7",
                "NL91ABNA0417164300",
                "BE68539007547034",
                "fr76 3000 6000 0112 3456 7890 189"
            })
    void validIbansOfRegistryCountriesPass(String iban) {
        assertThat(Iban.isValid(iban)).isTrue();
    }

    @Test
    void aWrongCheckDigitOrAnyChangedCharacterFails() {
        assertThat(Iban.isValid("DE88370400440532013000")).isFalse();
        assertThat(Iban.isValid("DE89370400440532013001")).isFalse();
        assertThat(Iban.isValid("DE89370400440532031000")).isFalse(); // two digits swapped
        assertThat(Iban.isValid("DE8937040044053201300!")).isFalse();
        assertThat(Iban.isValid("FR76-3000-6000-0112-3456-7890-18")).isFalse();
    }

    @Test
    void aWrongLengthForTheCountryFails() {
        assertThat(Iban.isValid("DE8937040044053201300")).isFalse();
        assertThat(Iban.isValid("DE893704004405320130000")).isFalse();
        assertThat(Iban.isValid("DE89")).isFalse();
        assertThat(Iban.isValid("DE89370400440532013000000000000000000")).isFalse(); // longer than any IBAN
    }

    @Test
    void aBbanOutsideTheCountrysStructureFails_evenWithTheRightLengthAndCheckDigits() {
        // Belgium's BBAN is 12 digits: letters give a 16-character IBAN whose mod 97 holds but that no bank issues
        String fake = "BE" + Mod97.checkDigits("BE", "ABC123456789") + "ABC123456789";
        assertThat(Mod97.holds(fake)).isTrue();
        assertThat(fake).hasSize(16);
        assertThat(Iban.isValid(fake)).isFalse();
        // an unknown country has no structure to check against
        assertThat(Iban.isValid("XX" + Mod97.checkDigits("XX", "12345678901") + "12345678901"))
                .isFalse();
    }

    @Test
    void ofComputesTheCheckDigitsOfANationalAccount() {
        assertThat(Iban.of("DE", "370400440532013000")).isEqualTo("DE89370400440532013000");
        assertThat(Iban.of("BE", "096123456769")).isEqualTo("BE71096123456769");
        assertThatThrownBy(() -> Iban.of("BE", "ABC123456789"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BE BBAN");
        assertThatThrownBy(() -> Iban.of("D", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalizeDropsSpacesAndHyphensAndUpperCases() {
        assertThat(Iban.normalize(" gb82 west-1234 5698 7654 32 ")).isEqualTo("GB82WEST12345698765432");
        assertThat(Iban.normalize(null)).isNull();
        assertThat(Iban.format("DE89370400440532013000")).isEqualTo("DE89 3704 0044 0532 0130 00");
    }

    @Test
    void hostileInputIsRefusedQuickly() {
        Hostile.refusedQuickly(Iban::isValid, "DE89 3704 0044 0532 0130 01".replace("01", "00"));
        assertThat(Iban.isValid("GB82WEST1234569876543\u0662")).isFalse();
        assertThat(Iban.isValid("GB82 W\u0130ST 1234 5698 7654 32")).isFalse();
    }
}
