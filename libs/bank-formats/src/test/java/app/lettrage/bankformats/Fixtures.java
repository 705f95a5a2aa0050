package app.lettrage.bankformats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the shared real-bank fixtures at {@code <repo root>/../shared/fixtures} (repo root = the directory holding
 * mvnw, found by walking up from the working directory). Tests skip when they are absent (a user's clone).
 * The files are read in place: never copied into the repository (licences).
 */
final class Fixtures {
    /** Fixture folders whose statement files the module parses. */
    static final String[] FORMAT_DIRS = {"camt", "mt940", "ofx", "coda"};

    private Fixtures() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        Path f = dir.getParent().resolve("shared").resolve("fixtures");
        return Files.isDirectory(f) ? f : null;
    }

    static Path file(String relative) {
        Path r = root();
        assumeTrue(r != null, "shared fixtures not found at <repo root>/../shared/fixtures: skipping conformance test");
        Path p = r.resolve(relative);
        assumeTrue(Files.exists(p), "fixture " + relative + " not present: skipping");
        return p;
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
        Path r = root();
        if (r == null) {
            return List.of();
        }
        try (Stream<Path> s = Stream.of(FORMAT_DIRS).map(r::resolve).filter(Files::isDirectory)
                .flatMap(d -> {
                    try {
                        return Files.list(d).toList().stream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".pydata")
                    && !p.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
    }
}
