package app.lettrage.systemtests;

import app.lettrage.testsupport.Repo;
import app.lettrage.testsupport.TestDatabase;
import app.lettrage.testsupport.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real stack of bin/stack, on ports of its own (so a developer's running stack is left alone), with fresh
 * databases suffixed _it, started from the services' built jars and stopped after the tests. {@code IT_PORT_OFFSET}
 * (default 0) moves every port and names the databases _it&lt;offset&gt;, so two checkouts on one machine can run
 * their system tests at once. The services export their spans over OTLP to an {@link OtlpCollector} in this JVM.
 */
final class Stack {

    private static final int OFFSET = Integer.parseInt(Repo.env("IT_PORT_OFFSET", "0"));
    private static final String DB_SUFFIX = OFFSET == 0 ? "_it" : "_it" + OFFSET;

    static final int KAFKA = 19092 + OFFSET;
    static final int KEYCLOAK = 18180 + OFFSET;
    static final int CONSENT = 18081 + OFFSET;
    static final int BANK_SYNC = 18082 + OFFSET;
    static final int INVOICE = 18083 + OFFSET;
    static final int RECONCILIATION = 18084 + OFFSET;
    static final int SANDBOX_BANK = 18085 + OFFSET;
    /** The in-test OTLP collector every service of the stack exports its spans to. */
    static final int OTLP_COLLECTOR = 18318 + OFFSET;

    private static final List<String> DATABASES = List.of("consent", "banksync", "invoice", "reconciliation").stream()
            .map(db -> db + DB_SUFFIX)
            .toList();

    private Stack() {}

    static String bootstrapServers() {
        return "127.0.0.1:" + KAFKA;
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static boolean up;
    private static boolean hooked;
    private static OtlpCollector collector;

    /** Where the stack's services export their spans (started with the stack, listening until the JVM exits). */
    static synchronized OtlpCollector collector() {
        if (collector == null) {
            throw new IllegalStateException("the stack is not up: call Stack.ensureUp() first");
        }
        return collector;
    }

    /**
     * Starts the stack once per test JVM, whatever IT class asks first, and stops it when the JVM exits: the IT
     * classes share one stack (each with its own accounts and invoices), so a run pays for one start.
     */
    static synchronized void ensureUp() {
        if (up) {
            return;
        }
        if (!hooked) {
            // registered before starting: a start that fails half-way is stopped too, not left running for the next
            // run to find with its databases recreated under it
            Runtime.getRuntime().addShutdownHook(new Thread(Stack::down, "stack-down"));
            hooked = true;
        }
        if (collector == null) {
            // before the services start, so that they export to it from their first span
            collector = OtlpCollector.start(OTLP_COLLECTOR);
        }
        up();
        up = true;
        Tokens.realm(url(KEYCLOAK) + "/realms/lettrage");
    }

    private static void up() {
        for (String db : DATABASES) {
            try (TestDatabase fresh = TestDatabase.create(db)) {
                System.out.println("fresh database " + fresh.name());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        run("up");
    }

    private static void down() {
        run("down");
    }

    /** The stack's state directory (pid files under run/, logs under logs/). */
    static Path dir() {
        return Repo.root().resolve("system-tests/target/stack");
    }

    /** This stack's name of a service database (consent, banksync, invoice, reconciliation). */
    static String database(String base) {
        return base + DB_SUFFIX;
    }

    /** Health, metrics and OpenAPI of a service: on its port + bin/stack's MANAGEMENT_PORT_OFFSET (1000). */
    static int managementPort(int servicePort) {
        return servicePort + 1000;
    }

    /** What ops do after a crash: {@code bin/stack up} starts whatever is not running and waits until it is ready. */
    static void upAgain() {
        run("up");
    }

    /**
     * {@code kill -9} of a component's whole process group (kafka, consent-service, ...), as a crash or the OOM killer
     * would; returns once no process of the group is left.
     */
    static void kill9(String component) {
        long group;
        try {
            group = Long.parseLong(java.nio.file.Files.readString(dir().resolve("run/" + component + ".pid"))
                    .trim());
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for " + component + " (is the stack up?)", e);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + group)
                    .inheritIO()
                    .start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -9 of " + component + " (group " + group + ") failed");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // the group's leader is the component's JVM itself (bin/stack starts it with setsid ... exec java)
            while (ProcessHandle.of(group).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(component + " still alive 30 s after kill -9");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(String command) {
        Path root = Repo.root();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/stack").toString(), command)
                .directory(root.toFile())
                .inheritIO();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STACK_DIR", root.resolve("system-tests/target/stack").toString());
        env.put("KAFKA_PORT", String.valueOf(KAFKA));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA + 1));
        env.put("KEYCLOAK_PORT", String.valueOf(KEYCLOAK));
        env.put("CONSENT_PORT", String.valueOf(CONSENT));
        env.put("BANK_SYNC_PORT", String.valueOf(BANK_SYNC));
        env.put("INVOICE_PORT", String.valueOf(INVOICE));
        env.put("RECONCILIATION_PORT", String.valueOf(RECONCILIATION));
        env.put("SANDBOX_BANK_PORT", String.valueOf(SANDBOX_BANK));
        env.put("DB_SUFFIX", DB_SUFFIX);
        env.put("STACK_SKIP_BUILD", "1");
        if (collector != null) {
            env.put("OTLP_ENDPOINT", collector.endpoint());
            env.put("OTLP_PROTOCOL", "http/protobuf");
            // export every 100 ms instead of every 5 s: a test waits for its trace's spans, not for a timer
            env.put("OTLP_EXPORT_DELAY", "100ms");
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("bin/stack " + command + " did not finish in 15 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("bin/stack " + command + " failed with exit code " + p.exitValue()
                        + " (logs under system-tests/target/stack/logs)");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
