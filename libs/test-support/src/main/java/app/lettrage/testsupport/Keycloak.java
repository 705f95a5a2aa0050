package app.lettrage.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak for tests: the one at KEYCLOAK_URL when set (e.g. started once by CI or the local stack),
 * otherwise Keycloak's distribution (org.keycloak:keycloak-quarkus-dist, resolved by Maven into the local
 * repository) unpacked under .cache/ and started in dev mode with the repository's realm, on free ports.
 */
public final class Keycloak implements AutoCloseable {

    public static final String VERSION = "26.7.3";
    public static final String REALM = "lettrage";

    private final String url;
    private final Process process;

    private Keycloak(String url, Process process) {
        this.url = url;
        this.process = process;
    }

    /** Base URL, e.g. http://127.0.0.1:8180 */
    public String url() {
        return url;
    }

    public String realmUrl() {
        return url + "/realms/" + REALM;
    }

    public static Keycloak startOrReuse() {
        String existing = System.getenv("KEYCLOAK_URL");
        if (existing != null
                && !existing.isBlank()
                && answers(existing + "/realms/" + REALM + "/.well-known/openid-configuration")) {
            return new Keycloak(existing.replaceAll("/$", ""), null);
        }
        return start();
    }

    public static Keycloak start() {
        try {
            Path home = distribution();
            Path realm = Repo.root().resolve("infra/keycloak/lettrage-realm.json");
            Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, home.resolve("data/import/lettrage-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = freePort();
            int mgmt = freePort();
            Path log = Path.of("target", "keycloak-" + port + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(
                            "bash",
                            home.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--http-port=" + port,
                            "--http-host=127.0.0.1",
                            "--http-management-port=" + mgmt,
                            "--import-realm",
                            "--db=dev-mem",
                            "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            Process p = pb.start();
            String url = "http://127.0.0.1:" + port;
            Keycloak kc = new Keycloak(url, p);
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with " + p.exitValue() + ", see " + log);
                }
                if (answers(kc.realmUrl() + "/.well-known/openid-configuration")) {
                    return kc;
                }
                Thread.sleep(250);
            }
            kc.close();
            throw new IllegalStateException("Keycloak did not become ready in 240 s, see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The unpacked distribution under .cache/keycloak-test (unpacked once from the local Maven repository). */
    static synchronized Path distribution() throws IOException {
        Path base = Repo.root().resolve(".cache/keycloak-test");
        Path home = base.resolve("keycloak-" + VERSION);
        if (Files.exists(home.resolve(".unpacked"))) {
            return home;
        }
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        Path zip = Path.of(
                repo, "org/keycloak/keycloak-quarkus-dist", VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + ": build libs/test-support first (it resolves org.keycloak:keycloak-quarkus-dist:" + VERSION
                    + ":zip)");
        }
        Files.createDirectories(base);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path target = base.resolve(e.getName()).normalize();
                if (!target.startsWith(base)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(home.resolve(".unpacked"), VERSION);
        return home;
    }

    static boolean answers(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
