package app.lettrage.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real infrastructure of one service under @QuarkusTest: a fresh database on PostgreSQL (init arg {@code db}),
 * an in-process KRaft broker and Keycloak with the lettrage realm. Nothing is mocked.
 */
public class ServiceTestStack implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrapServers;
    private static volatile TestDatabase database;

    private String db;
    private TestDatabase ownDatabase;
    private InProcessKafka kafka;
    private Keycloak keycloak;

    @Override
    public void init(Map<String, String> initArgs) {
        db = initArgs.getOrDefault("db", "lettrage_test");
    }

    @Override
    public Map<String, String> start() {
        long t0 = System.nanoTime();
        // One database per test JVM (<db>_<pid>): two builds on one machine (a developer's and CI's, or two
        // modules' forks) never drop each other's database. Left-overs of JVMs that died are dropped here.
        TestDatabase.dropOrphans(db);
        ownDatabase = TestDatabase.create(db + "_" + ProcessHandle.current().pid());
        database = ownDatabase;
        kafka = InProcessKafka.start();
        bootstrapServers = kafka.bootstrapServers();
        keycloak = Keycloak.startOrReuse();
        Tokens.realm(keycloak.realmUrl());
        System.out.printf(
                "TEST STACK ready in %d ms: db %s, kafka %s, keycloak %s%n",
                (System.nanoTime() - t0) / 1_000_000, ownDatabase.name(), bootstrapServers, keycloak.url());
        Map<String, String> config = new HashMap<>(ownDatabase.quarkusConfig());
        config.put("kafka.bootstrap.servers", bootstrapServers);
        config.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        return config;
    }

    /** The broker of the running test, for probes and producers. */
    public static String bootstrapServers() {
        return bootstrapServers;
    }

    public static TestDatabase database() {
        return database;
    }

    @Override
    public void stop() {
        closeQuietly(keycloak);
        closeQuietly(kafka);
        closeQuietly(ownDatabase);
        if (ownDatabase != null) {
            ownDatabase.drop();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("failed to stop " + c + ": " + e);
            }
        }
    }
}
