package app.lettrage.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locations relative to the repository root (the directory holding mvnw). */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (mvnw) above " + Path.of("").toAbsolutePath());
    }

    /** ../shared beside the repository, when present (fixtures and benchmark data; never copied into the repo). */
    public static Optional<Path> shared() {
        Path s = root().resolveSibling("shared");
        return Files.isDirectory(s) ? Optional.of(s) : Optional.empty();
    }

    public static String env(String name, String defaultValue) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? defaultValue : v;
    }
}
