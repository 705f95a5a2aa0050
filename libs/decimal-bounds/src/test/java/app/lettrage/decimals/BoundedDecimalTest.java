package app.lettrage.decimals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoundedDecimalTest {

    @Test
    @Timeout(1)
    void hugeExponentIsRefusedBeforeAnyArithmetic() {
        assertThatThrownBy(() -> BoundedDecimal.parse("1E+100000000", 2))
                .isInstanceOf(BoundedDecimal.OutOfBoundsException.class)
                .hasMessageContaining("exponent out of range");
        assertThatThrownBy(() -> BoundedDecimal.parse("0E-300000000", 2)).hasMessageContaining("exponent out of range");
        assertThatThrownBy(() -> BoundedDecimal.check(new BigDecimal("-7E-2147483647"), 2))
                .hasMessageContaining("exponent out of range");
    }

    @Test
    void sixteenIntegerDigitsAreRefusedFifteenAccepted() {
        assertThat(BoundedDecimal.parse("999999999999999.99", 2)).isEqualByComparingTo("999999999999999.99");
        assertThat(BoundedDecimal.parse("-1E+14", 2)).isEqualByComparingTo("-100000000000000");
        assertThatThrownBy(() -> BoundedDecimal.parse("1000000000000000", 2))
                .hasMessage("has more than 15 integer digits");
        assertThatThrownBy(() -> BoundedDecimal.parse("1E+15", 2)).hasMessage("has more than 15 integer digits");
    }

    @Test
    void decimalsBeyondTheExponentAreRefusedTrailingZerosAreNot() {
        assertThat(BoundedDecimal.parse("10.500", 2)).isEqualByComparingTo("10.5");
        assertThat(BoundedDecimal.parse("0.000000000000000000", 0)).isEqualByComparingTo("0");
        assertThatThrownBy(() -> BoundedDecimal.parse("10.505", 2)).hasMessage("has more than 2 decimals");
        assertThatThrownBy(() -> BoundedDecimal.parse("1.5", 0)).hasMessage("has more than 0 decimals");
        assertThat(BoundedDecimal.parse("0.125", BoundedDecimal.MAX_RATE_DIGITS))
                .isEqualByComparingTo("0.125");
    }

    @Test
    void textThatIsNoNumberOrTooLongIsRefused() {
        assertThatThrownBy(() -> BoundedDecimal.parse("12,50", 2)).hasMessage("is not a decimal number");
        assertThatThrownBy(() -> BoundedDecimal.parse("1".repeat(49), 2)).hasMessage("is longer than 48 characters");
        assertThatThrownBy(() -> BoundedDecimal.parse(null, 2)).hasMessage("is required");
    }

    @Test
    void checkIsFastOnAThousandDigitNumber() {
        BigDecimal big = new BigDecimal("9".repeat(1000));
        long start = System.nanoTime();
        assertThat(BoundedDecimal.isWithin(big, 2)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
