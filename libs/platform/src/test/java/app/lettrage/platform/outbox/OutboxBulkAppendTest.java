package app.lettrage.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.lettrage.events.ConsentRevoked;
import app.lettrage.events.LettrageEvent;
import app.lettrage.testsupport.TestDatabase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox's bulk write on a Vert.x connection, on real PostgreSQL (the platform's migrations on a fresh database):
 * the rows it writes are the rows of the single write, in list order, only when the caller's transaction commits,
 * and the commit wakes the relay.
 */
class OutboxBulkAppendTest {

    private static TestDatabase db;
    private static Vertx vertx;
    private static Pool pool;
    private static OutboxNotifications notifications;
    private static final AtomicInteger wakes = new AtomicInteger();
    /** a time no machine clock gives: the rows must carry the one the caller passed */
    private static final Instant OCCURRED = Instant.parse("2024-02-29T23:59:59.123456Z");

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("outbox_bulk_" + ProcessHandle.current().pid());
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(migration("V0_1__platform_outbox_inbox.sql"));
            s.execute(migration("R__platform_outbox_notify.sql"));
            // each service adds the column in a migration of its own (V<n>__outbox_traceparent.sql)
            s.execute("ALTER TABLE outbox_event ADD COLUMN traceparent text");
        }
        vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions()
                .setHost(db.host())
                .setPort(db.port())
                .setDatabase(db.name())
                .setUser(db.user())
                .setPassword(db.password());
        pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
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
        if (pool != null) {
            pool.closeAndAwait();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (db != null) {
            db.drop();
        }
    }

    private static List<LettrageEvent> events(String tenant, int n) {
        List<LettrageEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new ConsentRevoked(
                    UUID.randomUUID().toString(), tenant, "bank-" + i, "user", Instant.parse("2026-03-01T10:00:00Z")));
        }
        return events;
    }

    @Test
    void aCommittedBulkWriteStoresTheSingleWritesRows_inListOrder_andWakesTheRelay() {
        List<LettrageEvent> events = events("acme-" + UUID.randomUUID(), 3);
        int before = wakes.get();

        pool.withTransaction(conn -> Outbox.appendAll(conn, "Consent", events, OCCURRED))
                .await()
                .atMost(Duration.ofSeconds(30));

        List<Row> rows = rows(((ConsentRevoked) events.get(0)).tenantId());
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            OutboxEvent single = OutboxEvent.of("Consent", events.get(i), Instant.now());
            Row row = rows.get(i);
            assertThat(row.getString("aggregate_type")).isEqualTo(single.aggregateType);
            assertThat(row.getString("aggregate_id")).isEqualTo(single.aggregateId);
            assertThat(row.getString("event_type")).isEqualTo(single.eventType);
            assertThat(row.getString("tenant_id")).isEqualTo(single.tenantId);
            assertThat(row.getString("topic")).isEqualTo(single.topic);
            assertThat(row.getString("message_key")).isEqualTo(single.messageKey);
            assertThat(row.getString("payload")).isEqualTo(single.payload);
            assertThat(row.getOffsetDateTime("occurred_at").toInstant())
                    .as("the caller's clock, not the machine's")
                    .isEqualTo(OCCURRED);
            assertThat(row.getOffsetDateTime("sent_at"))
                    .as("waits for the relay")
                    .isNull();
        }
        assertThat(rows.stream().map(r -> r.getUUID("id")).distinct())
                .as("each event its own id")
                .hasSize(3);
        await().atMost(Duration.ofSeconds(30))
                .alias("the commit wakes the relay")
                .until(() -> wakes.get() > before);
    }

    @Test
    void aRolledBackTransactionLeavesNoRow() {
        List<LettrageEvent> events = events("acme-" + UUID.randomUUID(), 2);
        assertThatThrownBy(() -> pool.withTransaction(conn -> Outbox.appendAll(conn, "Consent", events, OCCURRED)
                                .flatMap(x -> Uni.createFrom().failure(new IllegalStateException("the change failed"))))
                        .await()
                        .atMost(Duration.ofSeconds(30)))
                .hasMessageContaining("the change failed");

        assertThat(rows(((ConsentRevoked) events.get(0)).tenantId())).isEmpty();
    }

    @Test
    void eachRowKeepsTheTraceItWasWrittenIn() {
        List<LettrageEvent> events = events("acme-" + UUID.randomUUID(), 2);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        pool.withTransaction(conn -> Outbox.appendAll(conn, "Consent", events, OCCURRED, traceparent))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertThat(rows(((ConsentRevoked) events.get(0)).tenantId()))
                .extracting(r -> r.getString("traceparent"))
                .containsExactly(traceparent, traceparent);
    }

    @Test
    void noEventsWritesNothing() {
        pool.withTransaction(conn -> Outbox.appendAll(conn, "Consent", List.of(), OCCURRED))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    private static List<Row> rows(String tenant) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM outbox_event WHERE tenant_id = $1 ORDER BY seq")
                .execute(Tuple.of(tenant))
                .await()
                .atMost(Duration.ofSeconds(30))
                .forEach(rows::add);
        return rows;
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = OutboxBulkAppendTest.class.getResourceAsStream("/db/platform/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
