package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.awaitState;
import static app.lettrage.reconciliation.ReconciliationFlowTest.isMatchOf;
import static app.lettrage.reconciliation.ReconciliationFlowTest.issue;
import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.noise;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static app.lettrage.reconciliation.ReconciliationFlowTest.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A failure of the database while a consumed event is applied, made real by a trigger in the test database: a
 * transient one (SQLSTATE 40001 the first two times one transaction is inserted) is retried inside the running
 * service and the event applied exactly once; one that persists ends in the dead-letter topic after the bounded
 * retries while the next event of the same partition is still applied.
 *
 * <p>The trigger fires on the {@code bank_transaction} insert, after the inbox row and (for a matching payment) the
 * in-memory book update of the same attempt: a retry is only correct if the rollback removed the inbox row and the
 * tenant's cached book was evicted. Attempts are counted in a sequence, whose {@code nextval} survives the rollback.
 */
@QuarkusTest
class TransientFailureRetryTest {

    /** applyWithRetries: one attempt and three retries. */
    private static final int ATTEMPTS = 4;

    @Test
    void aTransientSerializationFailureIsRetriedAndTheEventAppliedExactlyOnce() throws SQLException {
        String number = nextNumber();
        String invoiceId = issue("acme", number, "980.00");
        awaitRow("SELECT count(*) FROM open_item WHERE invoice_id = ?", invoiceId); // the payment will find it open
        TransactionImported tx = transaction("acme", "980.00", "Facture " + number);
        String sequence = injectFault(tx.transactionId(), 2);
        String eventId = UUID.randomUUID().toString();
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES);
                TopicProbe dlq = new TopicProbe(
                        ServiceTestStack.bootstrapServers(), Topics.deadLetter(Topics.BANK_TRANSACTIONS))) {
            publish(eventId, tx);

            ConsumerRecord<String, String> matched = matches.await(r -> isMatchOf(r, tx), Duration.ofSeconds(30));
            assertThat(matched.value()).contains(invoiceId);
            // the trigger really failed it twice, and the third attempt went through
            assertThat(attempts(sequence)).isEqualTo(3);
            // applied once: one transaction row, matched; one match; one inbox row; one PaymentMatched; no dead letter
            assertThat(count(
                            "SELECT count(*) FROM bank_transaction WHERE transaction_id = ? AND state = 'MATCHED'",
                            tx.transactionId()))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM payment_match WHERE transaction_id = ?", tx.transactionId()))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM inbox_event WHERE event_id = ?", eventId))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM open_item WHERE invoice_id = ? AND amount_due = 0", invoiceId))
                    .isEqualTo(1);
            assertThat(matches.during(Duration.ofSeconds(2), r -> isMatchOf(r, tx)))
                    .hasSize(1);
            assertThat(dlq.during(
                            Duration.ofSeconds(1), r -> eventId.equals(TopicProbe.header(r, CloudEventHeaders.ID))))
                    .isEmpty();
        }
    }

    @Test
    void aFailureThatPersistsIsDeadLetteredAfterTheBoundedRetriesAndTheNextEventOfThePartitionIsApplied()
            throws SQLException {
        TransactionImported bad = noise("acme", "3.00");
        TransactionImported good = noise("acme", "4.00");
        assertThat(bad.key()).isEqualTo(good.key()); // same key: same partition, the good one queued behind the bad one
        String sequence = injectFault(bad.transactionId(), Integer.MAX_VALUE);
        String badEventId = UUID.randomUUID().toString();
        String goodEventId = UUID.randomUUID().toString();
        try (TopicProbe dlq =
                new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.deadLetter(Topics.BANK_TRANSACTIONS))) {
            publish(badEventId, bad);
            publish(goodEventId, good);

            ConsumerRecord<String, String> dead = dlq.await(
                    r -> badEventId.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(30));
            assertThat(dead.value()).contains(bad.transactionId());
            awaitState(good.transactionId(), "UNMATCHED");
            // every attempt reached the database and failed there: the first and the three retries, no more
            assertThat(attempts(sequence)).isEqualTo(ATTEMPTS);
            assertThat(count("SELECT count(*) FROM bank_transaction WHERE transaction_id = ?", bad.transactionId()))
                    .isZero();
            assertThat(count("SELECT count(*) FROM inbox_event WHERE event_id = ?", badEventId))
                    .isZero();
            assertThat(count("SELECT count(*) FROM inbox_event WHERE event_id = ?", goodEventId))
                    .isEqualTo(1);
            assertThat(dlq.during(
                            Duration.ofSeconds(1), r -> goodEventId.equals(TopicProbe.header(r, CloudEventHeaders.ID))))
                    .isEmpty();
        }
    }

    // ------------------------------------------------------------------ the fault, in the database itself

    private static final String INSTALL = """
            CREATE TABLE IF NOT EXISTS test_fault (
                transaction_id varchar(64) PRIMARY KEY,
                failures       integer     NOT NULL,   -- how many attempts fail before one goes through
                attempts_seq   text        NOT NULL    -- counts attempts; nextval is not rolled back with the attempt
            );
            CREATE OR REPLACE FUNCTION test_fault_fire() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                f test_fault%ROWTYPE;
                n bigint;
            BEGIN
                SELECT * INTO f FROM test_fault WHERE transaction_id = NEW.transaction_id;
                IF FOUND THEN
                    n := nextval(f.attempts_seq::regclass);
                    IF n <= f.failures THEN
                        RAISE EXCEPTION 'injected serialization failure, attempt % for transaction %', n, NEW.transaction_id
                            USING ERRCODE = '40001';
                    END IF;
                END IF;
                RETURN NEW;
            END $$;
            DROP TRIGGER IF EXISTS test_fault ON bank_transaction;
            CREATE TRIGGER test_fault BEFORE INSERT ON bank_transaction FOR EACH ROW EXECUTE FUNCTION test_fault_fire();
            """;

    /** Makes the first {@code failures} inserts of this transaction fail with 40001; returns the attempt counter. */
    private static String injectFault(String transactionId, int failures) throws SQLException {
        String sequence = "test_fault_seq_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = ServiceTestStack.database().connect();
                Statement s = c.createStatement()) {
            s.execute(INSTALL);
            s.execute("CREATE SEQUENCE " + sequence);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO test_fault VALUES (?, ?, ?)")) {
                p.setString(1, transactionId);
                p.setInt(2, failures);
                p.setString(3, sequence);
                p.executeUpdate();
            }
        }
        return sequence;
    }

    /** How many attempts reached the insert (0 when none did). */
    private static long attempts(String sequence) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(String sql, String param) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, param);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void awaitRow(String sql, String param) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count(sql, param) == 1);
    }

    @AfterAll
    static void dropTheFault() throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS test_fault ON bank_transaction");
            s.execute("DROP FUNCTION IF EXISTS test_fault_fire()");
            List<String> sequences = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT attempts_seq FROM test_fault")) {
                while (rs.next()) {
                    sequences.add(rs.getString(1));
                }
            } catch (SQLException e) {
                // no fault was injected: no table
            }
            for (String seq : sequences) {
                s.execute("DROP SEQUENCE IF EXISTS " + seq);
            }
            s.execute("DROP TABLE IF EXISTS test_fault");
        }
    }
}
