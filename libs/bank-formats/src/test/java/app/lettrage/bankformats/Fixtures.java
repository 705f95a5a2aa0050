package app.lettrage.bankformats;

import app.lettrage.shareddata.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared real-bank fixtures ({@link SharedData}: {@code ../shared/fixtures}), read in place, never copied into the
 * repository (licences). A test whose fixture is absent skips on a user's clone and fails in CI.
 */
final class Fixtures {
    /** Fixture folders whose statement files the module parses. */
    static final String[] FORMAT_DIRS = {"camt", "mt940", "ofx", "coda"};

    private Fixtures() {}

    static Path root() {
        return SharedData.root()
                .map(s -> s.resolve("fixtures"))
                .filter(Files::isDirectory)
                .orElse(null);
    }

    static Path file(String relative) {
        return SharedData.require("fixtures/" + relative);
    }

    static List<Statement> parse(String relative) throws IOException {
        try (InputStream in = Files.newInputStream(file(relative))) {
            return BankFormats.parseAll(in);
        }
    }

    static Statement single(String relative) throws IOException {
        List<Statement> s = parse(relative);
        org.assertj.core.api.Assertions.assertThat(s).hasSize(1);
        return s.get(0);
    }

    /** Every statement file among the fixtures (camt, mt940, ofx, coda), excluding expected-output companions. */
    static List<Path> statementFiles() throws IOException {
        Path r = SharedData.require("fixtures");
        try (Stream<Path> s = Stream.of(FORMAT_DIRS)
                .map(r::resolve)
                .filter(Files::isDirectory)
                .flatMap(d -> {
                    try {
                        return Files.list(d).toList().stream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".pydata")
                            && !p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }
}
