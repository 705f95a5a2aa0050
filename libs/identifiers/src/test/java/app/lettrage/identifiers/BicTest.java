package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BicTest {

    @Test
    void eightOrElevenCharactersWithAKnownCountryPass() {
        assertThat(Bic.isValid("COBADEFFXXX")).isTrue();
        assertThat(Bic.isValid("GEBABEBB")).isTrue();
        assertThat(Bic.isValid("gebabebb 036")).isTrue();
    }

    @Test
    void aWrongLengthOrShapeFails() {
        assertThat(Bic.isValid("GEBABEB")).isFalse();
        assertThat(Bic.isValid("GEBABEBB03")).isFalse();
        assertThat(Bic.isValid("GEBABEBB0366")).isFalse();
        assertThat(Bic.isValid("GEB4BEBB")).isFalse(); // a digit in the institution code
        assertThat(Bic.isValid("not a bic")).isFalse();
    }

    @Test
    void anUnknownCountryFails() {
        assertThat(Bic.isValid("GEBAXXBB")).isFalse();
    }

    @Test
    void hostileInputIsRefusedQuickly() {
        Hostile.refusedQuickly(Bic::isValid, "GEBABEBB");
        assertThat(Bic.isValid("GEBABEBB\u0661\u0661\u0661")).isFalse();
    }
}
