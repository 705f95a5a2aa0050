package app.lettrage.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations relative to the repository root (the directory holding mvnw). */
public final class Repo {

    private Repo() {}

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(
                "cannot find the repository root (mvnw) above " + Path.of("").toAbsolutePath());
    }

    public static String env(String name, String defaultValue) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? defaultValue : v;
    }
}
