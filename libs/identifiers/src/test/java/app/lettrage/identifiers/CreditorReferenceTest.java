package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CreditorReferenceTest {

    @Test
    void createdReferencesCarryTheirCheckDigits() {
        // base 1: "1" + "RF00" = 1 27 15 0 0, 1271500 mod 97 = 24, check 98 - 24 = 74
        assertThat(CreditorReference.create("1")).isEqualTo("RF741");
        assertThat(CreditorReference.create("5390 0754 7034")).isEqualTo("RF18539007547034");
        assertThat(CreditorReference.create("fv2026000042"))
                .satisfies(r -> assertThat(CreditorReference.isValid(r)).isTrue());
        assertThat(CreditorReference.create("7")).isEqualTo("RF097"); // a check below 10 keeps its leading zero
    }

    @Test
    void validReferencesPassWithSpacesAndAnyCase() {
        assertThat(CreditorReference.isValid("RF18 5390 0754 7034")).isTrue();
        assertThat(CreditorReference.isValid("rf18539007547034")).isTrue();
        assertThat(CreditorReference.isValid("RF741")).isTrue();
    }

    @Test
    void aWrongCheckDigitFails() {
        assertThat(CreditorReference.isValid("RF19539007547034")).isFalse();
        assertThat(CreditorReference.isValid("RF18539007547035")).isFalse();
        assertThat(CreditorReference.isValid("RF18539007547043")).isFalse();
    }

    @Test
    void aWrongLengthOrShapeFails() {
        assertThat(CreditorReference.isValid("RF18")).isFalse();
        assertThat(CreditorReference.isValid("RF" + Mod97.checkDigits("RF", "A".repeat(22)) + "A".repeat(22)))
                .isFalse();
        assertThat(CreditorReference.isValid("XX18539007547034")).isFalse();
        assertThat(CreditorReference.isValid("RFAB539007547034")).isFalse();
        assertThat(CreditorReference.isValid("RF18-5390-0754-7034")).isFalse();
        assertThatThrownBy(() -> CreditorReference.create("ABCDEFGHIJKLMNOPQRSTUV"))
                .hasMessageContaining("1 to 21");
        assertThatThrownBy(() -> CreditorReference.create(" ")).hasMessageContaining("1 to 21");
    }

    @Test
    void formatPrintsGroupsOfFour() {
        assertThat(CreditorReference.format("rf18539007547034")).isEqualTo("RF18 5390 0754 7034");
        assertThat(CreditorReference.format("RF741")).isEqualTo("RF74 1");
    }

    @Test
    void hostileInputIsRefusedQuickly() {
        Hostile.refusedQuickly(CreditorReference::isValid, "RF18 5390 0754 7034");
        String withI = CreditorReference.create("INVOICE1");
        assertThat(CreditorReference.isValid(withI.toLowerCase(Locale.ROOT))).isTrue();
        // dotless i and long s upper-case to I and S in Java: they must not pass as them
        assertThat(CreditorReference.isValid(withI.toLowerCase(Locale.ROOT).replace('i', '\u0131')))
                .isFalse();
        assertThat(CreditorReference.isValid("\u017f" + withI.substring(1))).isFalse();
    }
}
