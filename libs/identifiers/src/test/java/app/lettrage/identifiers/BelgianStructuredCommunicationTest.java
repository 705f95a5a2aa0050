package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BelgianStructuredCommunicationTest {

    @Test
    void createdCommunicationsCarryTheBaseMod97() {
        // 123456789 = 97 * 1272750 + 39
        assertThat(BelgianStructuredCommunication.create(123_456_789L)).isEqualTo("+++012/3456/78939+++");
        // a base divisible by 97 has check 97, not 00
        assertThat(BelgianStructuredCommunication.create(97L)).isEqualTo("+++000/0000/09797+++");
        assertThat(BelgianStructuredCommunication.create(0L)).isEqualTo("+++000/0000/00097+++");
        assertThatThrownBy(() -> BelgianStructuredCommunication.create(10_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BelgianStructuredCommunication.create(-1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUsualShapesPass() {
        assertThat(BelgianStructuredCommunication.digitsOf("+++012/3456/78939+++"))
                .isEqualTo("012345678939");
        assertThat(BelgianStructuredCommunication.digitsOf("***012/3456/78939***"))
                .isEqualTo("012345678939");
        assertThat(BelgianStructuredCommunication.digitsOf("012345678939")).isEqualTo("012345678939");
        assertThat(BelgianStructuredCommunication.digitsOf(" 012/3456/78939 ")).isEqualTo("012345678939");
        assertThat(BelgianStructuredCommunication.digitsOf("+++ 012 / 3456 / 78939 +++"))
                .isEqualTo("012345678939");
        assertThat(BelgianStructuredCommunication.isValid("+++000/0000/09797+++"))
                .isTrue();
    }

    @Test
    void aWrongCheckFails() {
        assertThat(BelgianStructuredCommunication.isValid("+++012/3456/78940+++"))
                .isFalse();
        assertThat(BelgianStructuredCommunication.isValid("+++000/0000/09700+++"))
                .isFalse();
        assertThat(BelgianStructuredCommunication.isValid("012345678993")).isFalse();
    }

    @Test
    void aWrongLengthOrShapeFails() {
        assertThat(BelgianStructuredCommunication.isValid("01234567893")).isFalse();
        assertThat(BelgianStructuredCommunication.isValid("0012345678939")).isFalse();
        assertThat(BelgianStructuredCommunication.isValid("+++0123/456/78939+++"))
                .isFalse();
        assertThat(BelgianStructuredCommunication.isValid("++012/3456/78939++")).isFalse();
        assertThat(BelgianStructuredCommunication.isValid("+++012/3456/78939***"))
                .isTrue(); // marks as banks mix them
        assertThat(BelgianStructuredCommunication.isValid("+1+2+3456/78939")).isFalse();
        assertThatThrownBy(() -> BelgianStructuredCommunication.format("12345"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostileInputIsRefusedQuickly() {
        Hostile.refusedQuickly(BelgianStructuredCommunication::isValid, "+++012/3456/78939+++");
    }
}
