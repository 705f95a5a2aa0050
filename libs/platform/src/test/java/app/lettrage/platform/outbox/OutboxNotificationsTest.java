package app.lettrage.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.lettrage.testsupport.TestDatabase;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's wake-up on real PostgreSQL: the platform's migrations (the outbox table and its commit trigger) applied
 * to a fresh database, a listener, and transactions that commit or roll back. Absence is proven without waiting: a
 * later committed marker transaction's notification arrives after any earlier one would have.
 */
class OutboxNotificationsTest {

    private static TestDatabase db;
    private static Vertx vertx;
    private static OutboxNotifications notifications;
    private static final AtomicInteger wakes = new AtomicInteger();
    private int before;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("outbox_notify_" + ProcessHandle.current().pid());
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(migration("V0_1__platform_outbox_inbox.sql"));
            s.execute(migration("R__platform_outbox_notify.sql"));
        }
        vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions()
                .setHost(db.host())
                .setPort(db.port())
                .setDatabase(db.name())
                .setUser(db.user())
                .setPassword(db.password());
        notifications = OutboxNotifications.listen(vertx, options, wakes::incrementAndGet)
                .await()
                .atMost(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> wakes.get() >= 1); // the subscription itself wakes once
    }

    @AfterAll
    static void stop() {
        if (notifications != null) {
            notifications.close().await().atMost(Duration.ofSeconds(30));
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void settle() throws SQLException {
        before = commitMarker(); // every notification of an earlier test has arrived
    }

    @Test
    void aCommitThatWroteOutboxRowsWakesTheRelayOnce_howeverManyRowsAndStatements() throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(insert(3));
                s.executeUpdate(insert(1));
            }
            c.commit();
        }
        int marker = commitMarker();
        assertThat(marker - before)
                .as("one wake for the transaction, one for the marker")
                .isEqualTo(2);
    }

    @Test
    void aRolledBackTransactionWakesNothing() throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(insert(2));
            }
            c.rollback();
        }
        assertThat(commitMarker() - before).as("only the marker's wake").isEqualTo(1);
    }

    @Test
    void afterTheDatabaseDropsTheListenersConnection_itReconnectsAndWakesAgain() throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()");
        }
        // re-subscribing wakes once (notifications sent while disconnected are lost); then commits wake again
        await().atMost(Duration.ofSeconds(30)).until(() -> wakes.get() > before);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            int seen = wakes.get();
            return commitMarker() > seen;
        });
    }

    /** Commits one outbox row and waits until its wake arrives; returns the wake count then. */
    private static int commitMarker() throws SQLException {
        int seen = wakes.get();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.executeUpdate(insert(1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> wakes.get() > seen);
        return wakes.get();
    }

    private static String insert(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO outbox_event (id, aggregate_type, aggregate_id, event_type,"
                + " tenant_id, topic, message_key, occurred_at, payload) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("('")
                    .append(UUID.randomUUID())
                    .append("', 'T', 'a', 'lettrage.Test.v1', 'acme', 't', 'k', now(), '{}')");
        }
        return sql.toString();
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = OutboxNotificationsTest.class.getResourceAsStream("/db/platform/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
