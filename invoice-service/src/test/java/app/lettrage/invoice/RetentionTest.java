package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.platform.inbox.Inbox;
import app.lettrage.platform.retention.RetentionPurge;
import app.lettrage.testsupport.MovableClock;
import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention purge of the outbox, the inbox and the Idempotency-Key answers, and the outbox gauges, on the real
 * database with a clock the test sets. The relay is off (an unsent event stays unsent) and the purge runs when the
 * test calls it, with batches of 2 rows so that every purge here takes several statements.
 */
@QuarkusTest
@TestProfile(RetentionTest.OwnClockNoRelay.class)
class RetentionTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, not the application port. */
    @TestHTTPResource(value = "", management = true)
    URI management;

    /** Before anything the other components write with the real time, so only the test's rows are ever old. */
    static final Instant NOW = Instant.parse("2021-03-15T10:00:00Z");

    public static class OwnClockNoRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lettrage.outbox.relay-enabled", "false",
                    "lettrage.retention.purge-every", "off",
                    "lettrage.retention.batch-size", "2",
                    "lettrage.outbox.backlog-refresh", "1s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }
    }

    /** The clock of the service under this profile: {@link #NOW} unless a test moves it. */
    @Alternative
    @ApplicationScoped
    public static class TestClock {
        static final MovableClock CLOCK = new MovableClock(NOW);

        @Produces
        @Singleton
        Clock clock() {
            return CLOCK;
        }
    }

    @Inject
    RetentionPurge purge;

    @Inject
    Inbox inbox;

    @BeforeEach
    @AfterEach
    void emptyTablesAndResetClock() throws SQLException {
        TestClock.CLOCK.set(NOW);
        sql("DELETE FROM outbox_event");
        sql("DELETE FROM inbox_event");
        sql("DELETE FROM idempotency_key");
    }

    @Test
    void publishedEventsArePurgedAfterSevenDays_anUnsentEventStaysWhateverItsAge() throws SQLException {
        double before = metric("lettrage_retention_purged_total\\{table=\"outbox_event\"\\}");
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(outboxEvent(NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(8))));
        }
        UUID recent = outboxEvent(NOW.minus(Duration.ofDays(6)), NOW.minus(Duration.ofDays(6)));
        UUID unsent = outboxEvent(NOW.minus(Duration.ofDays(30)), null);

        Map<String, Long> deleted = purgeNow();

        assertThat(deleted).containsEntry("outbox_event", 3L);
        assertThat(ids("SELECT id FROM outbox_event")).containsExactlyInAnyOrder(recent.toString(), unsent.toString());
        assertThat(metric("lettrage_retention_purged_total\\{table=\"outbox_event\"\\}") - before)
                .isEqualTo(3.0);
        // and the next run finds nothing more to delete
        assertThat(purgeNow()).containsEntry("outbox_event", 0L);
    }

    @Test
    void consumedEventIdsStayForTheRedeliveryWindow_soARedeliveredEventIsStillRecognised() throws SQLException {
        for (int i = 0; i < 3; i++) {
            inboxRow("old-" + i, NOW.minus(Duration.ofDays(8)));
        }
        inboxRow("in-window", NOW.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        inboxRow("recent", NOW.minus(Duration.ofDays(1)));

        Map<String, Long> deleted = purgeNow();

        assertThat(deleted).containsEntry("inbox_event", 3L);
        assertThat(ids("SELECT event_id FROM inbox_event")).containsExactlyInAnyOrder("in-window", "recent");
        // delivered again inside the window: applied already, so not applied twice
        assertThat(firstTime("in-window")).isFalse();
        // a purged id would be applied again: which is why it may only go once it cannot come back
        assertThat(firstTime("old-0")).isTrue();
    }

    @Test
    void anIdempotencyKeyAnswersRetriesFor24Hours_thenItIsPurgedAndTheKeyIsNew() throws SQLException {
        String body = InvoiceLifecycleTest.salesBody("Retention SARL", "2021-05-01");
        String oldKey = UUID.randomUUID().toString();
        String newKey = UUID.randomUUID().toString();
        TestClock.CLOCK.set(NOW.minus(Duration.ofHours(25)));
        String oldId = InvoiceLifecycleTest.post("alice", "/api/invoices", body, oldKey)
                .path("id");
        TestClock.CLOCK.set(NOW.minus(Duration.ofHours(23)));
        String newId = InvoiceLifecycleTest.post("alice", "/api/invoices", body, newKey)
                .path("id");
        TestClock.CLOCK.set(NOW);

        assertThat(purgeNow()).containsEntry("idempotency_key", 1L);

        assertThat(ids("SELECT idem_key FROM idempotency_key")).containsExactly(newKey);
        var replay = InvoiceLifecycleTest.post("alice", "/api/invoices", body, newKey);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.<String>path("id")).isEqualTo(newId);
        var afterExpiry = InvoiceLifecycleTest.post("alice", "/api/invoices", body, oldKey);
        assertThat(afterExpiry.statusCode()).isEqualTo(201);
        assertThat(afterExpiry.header("Idempotent-Replayed")).isNull();
        assertThat(afterExpiry.<String>path("id")).isNotEqualTo(oldId);
    }

    @Test
    void theGaugesShowTheUnsentEventsAndHowLongTheFirstHasWaited() throws SQLException {
        outboxEvent(NOW.minus(Duration.ofMinutes(5)), NOW.minus(Duration.ofMinutes(5)));
        outboxEvent(NOW.minus(Duration.ofSeconds(90)), null);
        outboxEvent(NOW.minus(Duration.ofSeconds(30)), null);
        outboxEvent(NOW.minus(Duration.ofSeconds(10)), null);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(metric("lettrage_outbox_pending")).isEqualTo(3.0);
            assertThat(metric("lettrage_outbox_oldest_pending_age_seconds")).isEqualTo(90.0);
        });

        sql("UPDATE outbox_event SET sent_at = occurred_at WHERE sent_at IS NULL");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(metric("lettrage_outbox_pending")).isEqualTo(0.0);
            assertThat(metric("lettrage_outbox_oldest_pending_age_seconds")).isEqualTo(0.0);
        });
    }

    @Test
    void anEventWrittenByTheServiceIsAsOldAsItsClockSays() {
        TestClock.CLOCK.set(NOW.minus(Duration.ofMinutes(2)));
        String id = InvoiceLifecycleTest.post(
                        "alice", "/api/invoices", InvoiceLifecycleTest.salesBody("Clockwork SARL", "2021-05-01"), null)
                .path("id");
        assertThat(InvoiceLifecycleTest.post("alice", "/api/invoices/" + id + "/issue", null, null)
                        .statusCode())
                .isEqualTo(200);
        TestClock.CLOCK.set(NOW);

        // the relay is off: the InvoiceIssued row waits, written two minutes ago by the service's clock
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(metric("lettrage_outbox_pending")).isEqualTo(1.0);
            assertThat(metric("lettrage_outbox_oldest_pending_age_seconds")).isEqualTo(120.0);
        });
    }

    private Map<String, Long> purgeNow() {
        return purge.purge().await().atMost(Duration.ofSeconds(30));
    }

    private boolean firstTime(String eventId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() ->
                    Panache.withTransaction(() -> inbox.firstTime("retention-test", eventId, "lettrage.Test.v1")));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** The value of a sample at /q/metrics, as Prometheus reads it; 0 when the series is not there yet. */
    double metric(String series) {
        String text = given().get(management.resolve("metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)(?: # .*)?$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static UUID outboxEvent(Instant occurredAt, Instant sentAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO outbox_event (id, aggregate_type, aggregate_id,"
                        + " event_type, tenant_id, topic, message_key, occurred_at, payload, sent_at)"
                        + " VALUES (?, 'Invoice', ?, 'lettrage.Test.v1', 'acme', 'invoices', ?, ?, '{}', ?)")) {
            s.setObject(1, id);
            s.setString(2, id.toString());
            s.setString(3, "acme:" + id);
            s.setTimestamp(4, Timestamp.from(occurredAt));
            s.setTimestamp(5, sentAt == null ? null : Timestamp.from(sentAt));
            s.executeUpdate();
        }
        return id;
    }

    private static void inboxRow(String eventId, Instant receivedAt) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO inbox_event (consumer, event_id, event_type,"
                        + " received_at) VALUES ('retention-test', ?, 'lettrage.Test.v1', ?)")) {
            s.setString(1, eventId);
            s.setTimestamp(2, Timestamp.from(receivedAt));
            s.executeUpdate();
        }
    }

    private static List<String> ids(String query) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ServiceTestStack.database().connect();
                ResultSet rs = c.createStatement().executeQuery(query)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect()) {
            c.createStatement().executeUpdate(statement);
        }
    }
}
