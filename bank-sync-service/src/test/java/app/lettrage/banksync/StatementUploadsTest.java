package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.banksync.service.StatementUploads;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.retention.RetentionPurge;
import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Statement uploads live in PostgreSQL, in chunks (1024 bytes in the test profile), so that every instance can read
 * them; they are deleted with the job that read them, or purged after the retention when nothing reads them.
 */
@QuarkusTest
class StatementUploadsTest {

    @Inject
    StatementUploads uploads;

    @Inject
    RetentionPurge purge;

    @Test
    void anUploadIsStoredInChunksAndReadBackWhole() throws Exception {
        byte[] file = new byte[5000];
        new Random(42).nextBytes(file);
        StatementUploads.Upload upload = uploads.receive("acme", new ByteArrayInputStream(file), 20_000);
        assertThat(upload.bytes()).isEqualTo(5000);
        assertThat(count("SELECT count(*) FROM statement_upload_chunk WHERE upload_id = ?", upload.id()))
                .isEqualTo(5);
        assertThat(count("SELECT max(octet_length(data)) FROM statement_upload_chunk WHERE upload_id = ?", upload.id()))
                .isEqualTo(1024);
        try (InputStream in = uploads.open(upload.id())) {
            assertThat(in.readAllBytes()).isEqualTo(file);
        }
        uploads.delete(upload.id());
        assertThat(count("SELECT count(*) FROM statement_upload_chunk WHERE upload_id = ?", upload.id()))
                .isZero();
        assertThatThrownBy(() -> uploads.open(upload.id())).hasMessageContaining("gone");
    }

    @Test
    void aBodyOverTheLimitOrEmptyLeavesNothingStored() {
        String tenant = "uploads-" + UUID.randomUUID();
        assertThatThrownBy(() -> uploads.receive(tenant, new ByteArrayInputStream(new byte[5000]), 3000))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(413));
        assertThatThrownBy(() -> uploads.receive(tenant, new ByteArrayInputStream(new byte[0]), 3000))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(400));
        assertThat(count("SELECT count(*) FROM statement_upload WHERE tenant_id = ?", tenant))
                .isZero();
    }

    @Test
    void theUploadOfAJobIsDeletedWhenTheJobEndsAndARejectedUploadAtOnce() {
        Instant start = Instant.now().minusSeconds(1);
        String account = Api.createAccount("alice", "EUR");
        String iban = StatementImportJobTest.ibanOf(account);
        String file = StatementImportJobTest.camt053(iban, "EUR");
        assertThat(file.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2 * 1024);
        String jobId = StatementImportJobTest.accepted(
                StatementImportJobTest.upload("arthur", account, "application/xml", file, null));
        StatementImportJobTest.succeeded("arthur", jobId);
        StatementImportJobTest.upload(
                        "arthur",
                        account,
                        "application/xml",
                        StatementImportJobTest.camt053(Api.freshIban(), "EUR"),
                        null)
                .statusCode(422);

        assertThat(count(
                        "SELECT count(*) FROM import_job WHERE id = ? AND upload_id IS NOT NULL",
                        UUID.fromString(jobId)))
                .isZero();
        assertThat(count("SELECT count(*) FROM statement_upload WHERE tenant_id = 'acme' AND created_at >= ?", start))
                .isZero();
    }

    @Test
    void thePurgeDeletesOldUploadsThatNoActiveJobReads() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        UUID oldOrphan = insertUpload(Duration.ofDays(2));
        UUID recentOrphan = insertUpload(Duration.ofMinutes(5));
        UUID oldOfActiveJob = insertUpload(Duration.ofDays(2));
        UUID job = UUID.randomUUID();
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO import_job (id, tenant_id, account_id, status, format, file_bytes, statements,"
                                + " entries_total, created_at, started_at, heartbeat_at, owner, upload_id)"
                                + " VALUES (?, 'acme', ?::uuid, 'RUNNING', 'CAMT_053', 10, 1, 1, now(), now(), now(),"
                                + " 'another-instance', ?)")) {
            s.setObject(1, job);
            s.setString(2, account);
            s.setObject(3, oldOfActiveJob);
            s.executeUpdate();
        }
        try {
            assertThat(purge.purge().await().atMost(Duration.ofSeconds(10)).get("statement_upload"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(count("SELECT count(*) FROM statement_upload WHERE id = ?", oldOrphan))
                    .isZero();
            assertThat(count("SELECT count(*) FROM statement_upload WHERE id = ?", recentOrphan))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM statement_upload WHERE id = ?", oldOfActiveJob))
                    .isEqualTo(1);
        } finally {
            try (Connection c = ServiceTestStack.database().connect();
                    PreparedStatement s = c.prepareStatement(
                            "UPDATE import_job SET status = 'FAILED', finished_at = now() WHERE id = ?")) {
                s.setObject(1, job);
                s.executeUpdate();
            }
        }
    }

    private static UUID insertUpload(Duration age) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO statement_upload (id, tenant_id, created_at,"
                        + " bytes, chunks) VALUES (?, 'acme', now() - ?::interval, 0, 0)")) {
            s.setObject(1, id);
            s.setString(2, age.toSeconds() + " seconds");
            s.executeUpdate();
        }
        return id;
    }

    private static long count(String sql, Object arg) {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg instanceof Instant i ? Timestamp.from(i) : arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
