package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SwissQrReferenceTest {

    /**
     * Body 12345, left-padded to 26 digits. The carry stays 0 through the zeros (row 0 maps 0 to 0), then with the
     * table 0 9 4 6 8 2 7 1 3 5: 1 → T[1]=9, 2 → T[(9+2)%10]=T[1]=9, 3 → T[2]=4, 4 → T[8]=3, 5 → T[8]=3; the check
     * digit is (10 - 3) % 10 = 7.
     */
    private static final String DERIVED = "000000000000000000000123457";

    @Test
    void theCheckDigitFollowsTheRecursiveModulo10Table() {
        assertThat(SwissQrReference.checkDigit("00000000000000000000012345")).isEqualTo(7);
        assertThat(SwissQrReference.create("12345")).isEqualTo(DERIVED);
        // body 1234 followed by twelve zeros: 1 → 9, 2 → 9, 3 → 4, 4 → 3, then each 0 → T[3]=6, T[6]=7, T[7]=1,
        // T[1]=9, T[9]=5, T[5]=2, T[2]=4, T[4]=8, T[8]=3, T[3]=6, T[6]=7, T[7]=1: check (10 - 1) % 10 = 9
        assertThat(SwissQrReference.create("1234000000000000")).isEqualTo("000000000012340000000000009");
        assertThat(SwissQrReference.isValid("00 00000 00012 34000 00000 00009")).isTrue();
    }

    @Test
    void validReferencesPassWithTheirPrintedSpaces() {
        assertThat(SwissQrReference.isValid(DERIVED)).isTrue();
        assertThat(SwissQrReference.format(DERIVED)).isEqualTo("00 00000 00000 00000 00001 23457");
        assertThat(SwissQrReference.isValid("00 00000 00000 00000 00001 23457")).isTrue();
    }

    @Test
    void everySingleWrongDigitIsCaught() {
        for (int i = 0; i < SwissQrReference.LENGTH; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == DERIVED.charAt(i)) {
                    continue;
                }
                String typo = DERIVED.substring(0, i) + d + DERIVED.substring(i + 1);
                assertThat(SwissQrReference.isValid(typo)).as(typo).isFalse();
            }
        }
    }

    /**
     * The standard (SIX, Swiss Implementation Guidelines for the QR-bill, QR reference) fixes the length at 27: a
     * 16-digit ISR-style number whose last digit happens to match is not a QR reference (one digit string in ten
     * would be).
     */
    @Test
    void onlyTwentySevenDigitsAreAQrReference() {
        String sixteen = "000000000012345";
        sixteen = sixteen + SwissQrReference.checkDigit(sixteen);
        assertThat(SwissQrReference.isValid(sixteen)).isFalse();
        assertThat(SwissQrReference.isValid(DERIVED.substring(1))).isFalse();
        assertThat(SwissQrReference.isValid(DERIVED + "0")).isFalse();
        assertThat(SwissQrReference.isValid("RF" + DERIVED.substring(2))).isFalse();
        assertThatThrownBy(() -> SwissQrReference.create("1".repeat(27))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SwissQrReference.create("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SwissQrReference.checkDigit("12a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostileInputIsRefusedQuickly() {
        Hostile.refusedQuickly(SwissQrReference::isValid, "00 00000 00012 34000 00000 00009");
        assertThat(SwissQrReference.isValid(DERIVED.substring(0, 26) + "\u0667"))
                .isFalse();
    }
}
