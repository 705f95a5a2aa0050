package app.lettrage.shareddata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The data kept beside the repository (real bank files and API responses under {@code fixtures/}, the matching
 * benchmark under {@code bench/}): at {@code $LETTRAGE_SHARED}, else {@code <repository root>/../shared}, else the
 * workplace's own {@code /work/shared} (a clone or worktree made elsewhere on a machine that has it). Their
 * licences keep them out of the repository, so a user's clone may not have them; a test that needs one then skips.
 * In CI ({@code CI=true}) an absent file fails the test instead: a skipped conformance test proves nothing.
 */
public final class SharedData {

    private SharedData() {}

    /** The shared directory, if there is one. */
    public static Optional<Path> root() {
        String configured = System.getenv("LETTRAGE_SHARED");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isDirectory);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return Optional.ofNullable(dir)
                .map(d -> d.resolveSibling("shared"))
                .filter(Files::isDirectory)
                .or(() -> Optional.of(Path.of("/work/shared")).filter(Files::isDirectory));
    }

    /** {@code relative} under the shared directory; skips the calling test when absent, or fails it in CI. */
    public static Path require(String relative) {
        Path root = root().orElse(null);
        if (root == null) {
            absent("the shared data directory (../shared beside the repository, or $LETTRAGE_SHARED)");
        }
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            absent(p.toString());
        }
        return p;
    }

    /** Whether a missing file must fail the test rather than skip it. */
    public static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void absent(String what) {
        String message = what + " not found";
        if (strict()) {
            Assertions.fail(message + " (CI=true: a missing fixture is a failure, not a skip)");
        }
        Assumptions.abort(message + ": skipped");
    }
}
