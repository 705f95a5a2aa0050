package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.banksync.service.BulkTransactionWriter;
import app.lettrage.banksync.service.DedupKeys;
import app.lettrage.banksync.service.ImportLeaseLost;
import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An import job interrupted by the crash of its instance is resumed by another run from its last committed batch: it
 * ends SUCCEEDED with every transaction stored once and one TransactionImported each, and is not marked FAILED.
 */
@QuarkusTest
class ImportResumeTest {

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    /**
     * Stores the batches of the first job it sees as the service does, until the third of them: then the job's
     * instance "dies". A dead instance writes nothing more and its lease is left to expire, so the job's row is made to
     * look as such an instance leaves it (another owner, a heartbeat ten minutes old) and the batch fails without being
     * stored. The interrupted run goes on as a zombie: whatever it tries must not change the job anymore.
     */
    static final class CrashingWriter extends BulkTransactionWriter {
        private final Pool pool;
        private final int crashAt;
        volatile UUID jobId;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean crashed = new AtomicBoolean();

        CrashingWriter(Pool pool, MeterRegistry metrics, int crashAt) {
            super(pool, Clock.systemUTC(), metrics);
            this.pool = pool;
            this.crashAt = crashAt;
        }

        @Override
        public Uni<Stored> store(Batch b) {
            if (jobId == null) {
                jobId = b.jobId();
            }
            if (b.jobId().equals(jobId) && calls.incrementAndGet() == crashAt) {
                crashed.set(true);
                return pool.preparedQuery("UPDATE import_job SET owner = 'dead-instance/1',"
                                + " heartbeat_at = now() - interval '10 minutes' WHERE id = $1")
                        .execute(Tuple.of(b.jobId()))
                        .flatMap(x -> Uni.createFrom().failure(new IllegalStateException("simulated crash")));
            }
            return super.store(b);
        }
    }

    @Test
    void aJobWhoseInstanceDiedIsResumedFromItsCheckpointAndStoresEachTransactionOnce() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String key = "acme:" + account;
        String file = Mt940Files.nineEntries(
                StatementImportJobTest.ibanOf(account),
                "R" + UUID.randomUUID().toString().substring(0, 8));
        CrashingWriter writer = new CrashingWriter(pool, metrics, 3);
        QuarkusMock.installMockForType(writer, BulkTransactionWriter.class);

        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            String jobId = StatementImportJobTest.accepted(
                    StatementImportJobTest.upload("arthur", account, "text/plain", file, "MT940"));
            JsonPath job = StatementImportJobTest.succeeded("vera", jobId);
            assertThat(writer.crashed).isTrue();
            assertThat(writer.jobId).hasToString(jobId);
            // the batches after the checkpoint were stored by the run that resumed the job
            assertThat(writer.calls.get()).isGreaterThan(3);

            assertThat(job.getInt("entriesTotal")).isEqualTo(9);
            assertThat(job.getInt("entriesRead")).isEqualTo(9);
            assertThat(job.getInt("newTransactions")).isEqualTo(9);
            assertThat(job.getInt("duplicates")).isZero();
            assertThat(job.getInt("rejected")).isZero();
            assertThat(Api.storedTransactions(account)).isEqualTo(9);
            assertThat(count("SELECT count(*) FROM outbox_event WHERE message_key = ?", key))
                    .isEqualTo(9);
            assertThat(count("SELECT count(DISTINCT aggregate_id) FROM outbox_event WHERE message_key = ?", key))
                    .isEqualTo(9);
            assertThat(count(
                            "SELECT count(*) FROM statement_upload_chunk c JOIN import_job j ON j.upload_id = c.upload_id"
                                    + " WHERE j.account_id = ?::uuid",
                            account))
                    .isZero();

            // on the topic: one event per transaction; a sentinel imported afterwards shows nothing else follows
            String sentinel = Api.importOk(
                            "arthur", account, List.of(Api.entry("7.00", "2026-11-22", "Sentinel", null)))
                    .getList("transactionIds")
                    .get(0)
                    .toString();
            probe.await(r -> sentinel.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            List<ConsumerRecord<String, String>> events =
                    probe.all().stream().filter(r -> key.equals(r.key())).toList();
            assertThat(events).hasSize(10);
            assertThat(events.stream()
                            .map(r -> EventJson.read(r.value(), TransactionImported.class)
                                    .transactionId())
                            .distinct())
                    .hasSize(10);
            assertThat(events.stream()
                            .map(r -> EventJson.read(r.value(), TransactionImported.class)
                                    .amount())
                            .filter(a -> a.compareTo(new BigDecimal("-25.40")) == 0))
                    .as("both card payments of the same amount, date and text, one on each side of the checkpoint")
                    .hasSize(2);
        }
    }

    @Test
    void aRunThatNoLongerHoldsItsJobStoresNothing() throws SQLException {
        String account = Api.createAccount("alice", "EUR");
        UUID job = UUID.randomUUID();
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO import_job (id, tenant_id, account_id, status, format, file_bytes, statements,"
                                + " entries_total, created_at, started_at, heartbeat_at, owner)"
                                + " VALUES (?, 'acme', ?::uuid, 'RUNNING', 'MT940', 10, 1, 1, now(), now(), now(),"
                                + " 'the-run-that-took-it-over')")) {
            s.setObject(1, job);
            s.setString(2, account);
            s.executeUpdate();
        }
        IncomingTransaction t = new IncomingTransaction(
                "ZOMBIE-1",
                TransactionImported.BookingStatus.BOOKED,
                new BigDecimal("10.00"),
                "EUR",
                LocalDate.of(2026, 11, 21),
                null,
                null,
                null,
                null,
                "zombie",
                null,
                null,
                null,
                null,
                false,
                null,
                null);
        BulkTransactionWriter.Batch batch = new BulkTransactionWriter.Batch(
                job,
                "a-run-whose-lease-expired",
                "acme",
                UUID.fromString(account),
                StatementImportJobTest.ibanOf(account),
                "EUR",
                DedupKeys.assignForFile(UUID.fromString(account), List.of(t)),
                0,
                List.of(),
                1,
                0,
                0);
        try {
            assertThatThrownBy(() -> new BulkTransactionWriter(pool, Clock.systemUTC(), metrics)
                            .store(batch)
                            .await()
                            .atMost(Duration.ofSeconds(10)))
                    .isInstanceOf(ImportLeaseLost.class);
            assertThat(Api.storedTransactions(account)).isZero();
            assertThat(Api.outboxEvents("acme", account)).isZero();
            assertThat(count("SELECT entries_read FROM import_job WHERE id = ?", job))
                    .isZero();
        } finally {
            try (Connection c = ServiceTestStack.database().connect();
                    PreparedStatement s = c.prepareStatement("UPDATE import_job SET status = 'FAILED' WHERE id = ?")) {
                s.setObject(1, job);
                s.executeUpdate();
            }
        }
    }

    static long count(String sql, Object arg) {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
