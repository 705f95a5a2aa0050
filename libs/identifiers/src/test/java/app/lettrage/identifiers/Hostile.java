package app.lettrage.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;

/** Inputs an attacker or a broken file sends to a validator: each must be refused quickly, without an exception. */
final class Hostile {
    private Hostile() {}

    /** A few megabytes of digits, of letters, of spaces around a valid value, and characters outside ASCII. */
    static void refusedQuickly(Predicate<String> isValid, String valid) {
        String[] inputs = {
            "1".repeat(4_000_000),
            "RF" + "A".repeat(4_000_000),
            " ".repeat(4_000_000) + valid + " ".repeat(4_000_000),
            valid + "\u0663", // ARABIC-INDIC DIGIT THREE: Character.isDigit says yes
            valid.substring(0, valid.length() - 1) + '\u0661', // ARABIC-INDIC DIGIT ONE in place of the last
            "\u0000" + valid,
            "",
            "   ",
        };
        long start = System.nanoTime();
        for (String s : inputs) {
            assertThat(isValid.test(s)).as("%.40s", s).isFalse();
        }
        assertThat(isValid.test(null)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
