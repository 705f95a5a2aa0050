package app.lettrage.systemtests;

import app.lettrage.testsupport.Repo;
import app.lettrage.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second stack rebuilt from {@code pg_dump} files of the system tests' {@link Stack}, as ops rebuild one after
 * losing it (docs/operations.md, "Backup and restore"): each service database dumped in PostgreSQL's custom format,
 * restored with {@code pg_restore} into an empty database, the consent encryption key restored beside them, a new
 * Kafka broker with empty topics, and the four services started by {@code bin/stack up} on those databases. The
 * identity provider and the bank are the ones the first stack uses: they are outside what a Lettrage backup holds.
 * Its ports are the first stack's plus {@link #SHIFT}; {@link #close()} stops it and drops its databases.
 */
final class RestoredStack implements AutoCloseable {

    static final int SHIFT = 50;
    private static final int CONSENT = Stack.CONSENT + SHIFT;
    private static final int BANK_SYNC = Stack.BANK_SYNC + SHIFT;
    private static final int INVOICE = Stack.INVOICE + SHIFT;
    private static final int RECONCILIATION = Stack.RECONCILIATION + SHIFT;
    private static final int KAFKA = Stack.KAFKA + SHIFT;

    /** The four service databases, by their base names. */
    static final List<String> DATABASES = List.of("consent", "banksync", "invoice", "reconciliation");

    private static final String SUFFIX = "_restored";
    private static final long TIMEOUT_MINUTES = 10;

    private RestoredStack() {}

    /** {@code pg_dump -Fc} of each of the first stack's service databases into {@code dir}; returns the files. */
    static Map<String, Path> dump(Path dir) {
        Map<String, Path> dumps = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String base : DATABASES) {
            Path file = dir.resolve(base + ".dump");
            pg("pg_dump", "-Fc", "-f", file.toString(), Stack.database(base));
            dumps.put(base, file);
        }
        return dumps;
    }

    /**
     * Restores each dump into a new, empty database ({@code <name>_restored}), puts the first stack's consent
     * encryption key beside them (without it the stored provider tokens cannot be read), and starts the stack.
     */
    static RestoredStack restore(Map<String, Path> dumps) {
        RestoredStack stack = new RestoredStack();
        try {
            for (Map.Entry<String, Path> d : dumps.entrySet()) {
                String name = Stack.database(d.getKey()) + SUFFIX;
                try (TestDatabase empty = TestDatabase.create(name)) {
                    pg(
                            "pg_restore",
                            "--no-owner",
                            "--exit-on-error",
                            "-d",
                            empty.name(),
                            d.getValue().toString());
                }
            }
            Files.createDirectories(dir());
            Files.copy(
                    Stack.dir().resolve("consent-encryption.key"),
                    dir().resolve("consent-encryption.key"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("restore failed", e);
        }
        stack.run("up");
        return stack;
    }

    int consent() {
        return CONSENT;
    }

    int bankSync() {
        return BANK_SYNC;
    }

    int invoice() {
        return INVOICE;
    }

    int reconciliation() {
        return RECONCILIATION;
    }

    static Path dir() {
        return Repo.root().resolve("system-tests/target/restored-stack");
    }

    @Override
    public void close() {
        run("down", "--purge");
    }

    private void run(String... command) {
        Path root = Repo.root();
        List<String> cmd =
                new ArrayList<>(List.of("bash", root.resolve("bin/stack").toString()));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("STACK_DIR", dir().toString());
        env.put("KAFKA_PORT", String.valueOf(KAFKA));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA + 1));
        env.put("CONSENT_PORT", String.valueOf(CONSENT));
        env.put("BANK_SYNC_PORT", String.valueOf(BANK_SYNC));
        env.put("INVOICE_PORT", String.valueOf(INVOICE));
        env.put("RECONCILIATION_PORT", String.valueOf(RECONCILIATION));
        env.put("DB_SUFFIX", Stack.database("") + SUFFIX);
        env.put("STACK_SKIP_BUILD", "1");
        // the same identity provider and the same bank as the first stack
        env.put("KEYCLOAK_EXTERNAL_URL", Stack.url(Stack.KEYCLOAK));
        env.put("SANDBOX_BANK_PORT", String.valueOf(Stack.SANDBOX_BANK));
        env.put("SANDBOX_BANK_EXTERNAL", "1");
        await(pb, "bin/stack " + String.join(" ", command) + " (restored stack)");
    }

    private static void pg(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                tool,
                "-h",
                Repo.env("DB_HOST", "127.0.0.1"),
                "-p",
                Repo.env("DB_PORT", "5432"),
                "-U",
                Repo.env("DB_USER", "postgres")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("PGPASSWORD", Repo.env("DB_PASSWORD", ""));
        await(pb, String.join(" ", cmd));
    }

    private static void await(ProcessBuilder pb, String what) {
        try {
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + p.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " could not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
