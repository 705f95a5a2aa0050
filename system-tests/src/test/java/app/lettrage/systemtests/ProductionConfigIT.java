package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Repo;
import app.lettrage.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's built jar, started as a deployment would start it (production profile, only the environment it
 * is given): without {@code OIDC_CLIENT_SECRET} it stops at start and names the variable; with it, the same
 * environment starts. Kafka and Keycloak point at a closed port, since neither is needed to get past the start,
 * and each run has a database of its own, so the running stack is not touched.
 */
class ProductionConfigIT {

    private static final long START_SECONDS = 120;

    @ParameterizedTest
    @ValueSource(strings = {"consent-service", "bank-sync-service", "invoice-service", "reconciliation-service"})
    void aServiceWithoutItsClientSecretStopsAtStart_withItTheSameEnvironmentStarts(String service) throws Exception {
        try (TestDatabase db =
                TestDatabase.create(service.replace("-service", "").replace("-", "") + "_prodcfg")) {
            Map<String, String> env = environment(db);

            Run without = run(service, env, "without-secret");
            assertThat(without.exited())
                    .as(service + " without its secret exits")
                    .isTrue();
            assertThat(without.exitCode()).as(service).isNotZero();
            assertThat(without.output()).as(service).contains("OIDC_CLIENT_SECRET");

            env.put("OIDC_CLIENT_SECRET", "a-secret-from-the-environment");
            Run with = run(service, env, "with-secret");
            assertThat(with.output())
                    .as(service + " with its secret starts")
                    .contains("started in")
                    .doesNotContain("OIDC_CLIENT_SECRET");
        }
    }

    private static Map<String, String> environment(TestDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("MANAGEMENT_PORT", "0");
        env.put("DB_HOST", db.host());
        env.put("DB_PORT", String.valueOf(db.port()));
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        env.put("DB_NAME", db.name());
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        env.put("OIDC_AUTH_SERVER_URL", "http://127.0.0.1:1/realms/lettrage");
        return env;
    }

    private record Run(boolean exited, int exitCode, String output) {}

    /**
     * Starts the jar and waits until it exits or logs its start line; a started service is stopped. Waits for the
     * condition, not for a time: the bound is only there so that a hung start fails the test.
     */
    private static Run run(String service, Map<String, String> env, String label) throws Exception {
        Path jar = Repo.root().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("built jar (./mvnw package)").exists();
        Path log = Repo.root().resolve("system-tests/target/prodcfg-" + service + "-" + label + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .directory(Repo.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (System.nanoTime() < deadline) {
                if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return new Run(true, p.exitValue(), read(log));
                }
                String out = read(log);
                if (out.contains("started in")) {
                    return new Run(false, 0, out);
                }
            }
            return new Run(false, 0, read(log));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
