package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

/**
 * Coverage-guided fuzzing of each parser (issue 12 §2). Property: whatever the bytes, a parser returns statements or
 * throws its own {@link StatementParseException}; never another exception (NumberFormatException, StackOverflowError,
 * OutOfMemoryError, ...), and never takes long on one input (the fuzzer's inputs are at most a few kB).
 *
 * <p>In plain {@code mvn test} Jazzer replays the committed corpus in {@code ParserFuzzTestInputs/<method>/} as
 * regression tests. A fuzzing run: {@code JAZZER_FUZZ=1 ./mvnw -pl libs/bank-formats -am test
 * -Dtest='ParserFuzzTest#camt' -Dsurefire.failIfNoSpecifiedTests=false} (one target per run, {@code maxDuration} each);
 * a crash is written into the inputs directory and must be committed with its fix.
 */
class ParserFuzzTest {

    /** Per input; generous for a loaded CI machine (class loading on the first input), far below the minutes the quadratic paths took. */
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private static final CsvMapping CSV = CsvMapping.preset("de-sparkasse-camt");

    @FuzzTest(maxDuration = "10s")
    void camt(byte[] input) {
        check(input, BankFormats.parser(StatementFormat.CAMT_053));
    }

    @FuzzTest(maxDuration = "10s")
    void mt940(byte[] input) {
        check(input, BankFormats.parser(StatementFormat.MT940));
    }

    @FuzzTest(maxDuration = "10s")
    void ofx(byte[] input) {
        check(input, BankFormats.parser(StatementFormat.OFX));
    }

    @FuzzTest(maxDuration = "10s")
    void coda(byte[] input) {
        check(input, BankFormats.parser(StatementFormat.CODA));
    }

    @FuzzTest(maxDuration = "10s")
    void csv(byte[] input) {
        check(input, BankFormats.csv(CSV));
    }

    private static void check(byte[] input, StatementParser parser) {
        long start = System.nanoTime();
        try {
            List<Statement> statements = BankFormats.parseAll(new ByteArrayInputStream(input), parser);
            assertThat(statements).isNotNull();
        } catch (StatementParseException expected) {
            assertThat(expected.getMessage()).startsWith("line ");
        } catch (Exception e) {
            throw new AssertionError("the parser threw " + e + " instead of a StatementParseException", e);
        }
        // Only while fuzzing: a wall-clock bound in the regression replay of CI would depend on the machine's load
        // (linear time is asserted on sized inputs by HostileInputTest).
        if (System.getenv("JAZZER_FUZZ") != null) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
        }
    }
}
