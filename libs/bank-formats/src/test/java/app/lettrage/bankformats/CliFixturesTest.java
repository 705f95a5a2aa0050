package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.bankformats.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The CLI prints canonical JSON for every statement fixture (and fails cleanly on the deliberately broken ones). */
class CliFixturesTest {
    /** Fixtures whose source projects expect a failure. */
    static final Set<String> EXPECTED_FAILURES =
            Set.of("oca-wrong-file.940", "ofxparse-fail_nice-date_missing.ofx", "ofxparse-fail_nice-decimal_error.ofx");

    @TestFactory
    Stream<DynamicTest> cliPrintsCanonicalJsonForEveryFixture() throws Exception {
        List<Path> files = Fixtures.statementFiles();
        assertThat(files).as("statement fixtures").isNotEmpty();
        ObjectMapper om = new ObjectMapper();
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int rc = Main.run(
                            new String[] {f.toString()},
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
                    String name = f.getFileName().toString();
                    if (EXPECTED_FAILURES.contains(name)) {
                        assertThat(rc).isNotZero();
                        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line ");
                        return;
                    }
                    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
                    JsonNode root = om.readTree(out.toByteArray());
                    assertThat(root.path("format").asText()).isNotEmpty();
                    assertThat(root.path("statements").isArray()).isTrue();
                    assertThat(root.path("statements").size()).isPositive();
                    for (JsonNode s : root.path("statements")) {
                        assertThat(s.has("transactions")).isTrue();
                        for (JsonNode t : s.path("transactions")) {
                            assertThat(t.path("amount").isTextual()).isTrue();
                            assertThat(t.path("amount").asText()).matches("-?\\d+(\\.\\d+)?");
                            if (t.has("bookingDate")) {
                                assertThat(t.path("bookingDate").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
                            }
                        }
                    }
                }));
    }
}
