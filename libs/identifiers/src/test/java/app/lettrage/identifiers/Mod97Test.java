package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class Mod97Test {

    @Test
    void theRemainderIsThatOfTheNumberWhereLettersCountAsTwoDigits() {
        // "RF00" reads 27 15 0 0
        assertThat(Mod97.remainder("RF00"))
                .isEqualTo(new BigInteger("271500").mod(BigInteger.valueOf(97)).intValue());
        assertThat(Mod97.remainder("1RF00")).isEqualTo(1_271_500 % 97); // 24
        assertThat(Mod97.remainder("")).isZero();
    }

    @Test
    void anyOtherCharacterHasNoValue() {
        assertThat(Mod97.remainder("12a")).isEqualTo(-1);
        assertThat(Mod97.remainder("1-2")).isEqualTo(-1);
        assertThat(Mod97.remainder("1\u0662")).isEqualTo(-1);
        assertThatThrownBy(() -> Mod97.checkDigits("RF", "é")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkDigitsMakeTheCodeHold_andAnyChangedDigitBreaksIt() {
        // base 1: 1RF00 leaves 24, so the check is 98 - 24 = 74
        assertThat(Mod97.checkDigits("RF", "1")).isEqualTo("74");
        assertThat(Mod97.holds("RF741")).isTrue();
        assertThat(Mod97.holds("RF751")).isFalse();
        assertThat(Mod97.holds("RF742")).isFalse();
        assertThat(Mod97.holds("RF74")).isFalse();
    }

    @Test
    void aLongInputCostsLinearTimeWithoutABigNumber() {
        String digits = "9".repeat(5_000_000);
        long start = System.nanoTime();
        int r = Mod97.remainder(digits);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        // 10^n - 1 mod 97 with 10^n mod 97 computed by repeated squaring
        int expected = BigInteger.TEN
                .modPow(BigInteger.valueOf(5_000_000), BigInteger.valueOf(97))
                .subtract(BigInteger.ONE)
                .mod(BigInteger.valueOf(97))
                .intValue();
        assertThat(r).isEqualTo(expected);
    }
}
