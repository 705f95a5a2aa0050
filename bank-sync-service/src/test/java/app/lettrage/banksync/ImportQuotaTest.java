package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.banksync.service.ImportJob;
import app.lettrage.banksync.service.ImportQuota;
import app.lettrage.banksync.service.StatementSource;
import app.lettrage.banksync.service.UploadStatement;
import app.lettrage.platform.problem.TooManyRequests;
import app.lettrage.testsupport.Race;
import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A tenant's unfinished imports may hold at most 20 jobs and 200000 bytes of uploads (test profile): past either, an
 * upload is a 429 import-quota-exceeded and leaves nothing stored. The jobs and uploads that fill a tenant are written
 * straight into the database as RUNNING jobs of another instance whose lease is far from expiring, so no worker takes
 * them; they are marked FAILED afterwards. The quota is checked on tenants of their own (through the use case), and
 * once on acme through HTTP with its bytes filled, so a job of another test finishing meanwhile cannot make room.
 */
@QuarkusTest
class ImportQuotaTest {

    private static final int MAX_JOBS = 20;
    private static final long MAX_BYTES = 200_000;

    @Inject
    UploadStatement upload;

    @Test
    void ofUploadsRacingForTheLastPlace_exactlyOneIsAccepted_theOthersLeaveNothing() throws Exception {
        String tenant = "quota-" + UUID.randomUUID();
        UUID account = insertAccount(tenant);
        List<UUID> fillers = new ArrayList<>();
        try (Connection hold = ServiceTestStack.database().connect()) {
            // the account held as an import batch holds it: the winner's job cannot finish, and free its place, until
            // the assertions are done (the job's insert only needs a key-share lock on the account, which this allows)
            hold.setAutoCommit(false);
            try (PreparedStatement s =
                    hold.prepareStatement("SELECT id FROM bank_account WHERE id = ? FOR NO KEY UPDATE")) {
                s.setObject(1, account);
                s.executeQuery().close();
            }
            for (int i = 0; i < MAX_JOBS - 1; i++) {
                fillers.add(insertRunningJob(tenant, account, null));
            }
            byte[] file = camt053(account);
            List<Callable<String>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(() -> outcome(() -> upload(tenant, account, file, true)));
            }
            List<String> outcomes = Race.run(racers);

            assertThat(outcomes).filteredOn(o -> o.equals("accepted")).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> o.startsWith("429 import-quota-exceeded"))
                    .hasSize(3)
                    // each counted the winner, committed before its own look under the lock
                    .allSatisfy(o -> assertThat(o).contains("has 20 statement imports queued or running, at most 20"));
            assertThat(count("SELECT count(*) FROM import_job WHERE tenant_id = ?", tenant))
                    .isEqualTo(MAX_JOBS);
            assertThat(orphanUploads(tenant)).isZero();

            // at the cap, the next one is refused before a byte of it is read
            CountingStream unread = new CountingStream(file);
            assertThat(outcome(() ->
                            upload.body(tenant, account, csvOrDetected(), null, unread, "statement.xml", "quota-test")))
                    .startsWith("429 import-quota-exceeded");
            assertThat(unread.read.get()).isZero();
            hold.rollback();
        } finally {
            fail(fillers);
        }
    }

    @Test
    void anUploadThatWouldPassTheTenantsBytes_isRefusedOnceStored_andDeleted() throws Exception {
        String tenant = "quota-" + UUID.randomUUID();
        UUID account = insertAccount(tenant);
        byte[] file = camt053(account);
        UUID held = insertUpload(tenant, MAX_BYTES - file.length + 1);
        List<UUID> fillers = List.of(insertRunningJob(tenant, account, held));
        try {
            // no Content-Length: the first look lets it in, the look under the lock refuses it
            assertThat(outcome(() -> upload(tenant, account, file, false)))
                    .startsWith("429 import-quota-exceeded")
                    .contains("hold " + (MAX_BYTES - file.length + 1) + " bytes of uploads, this file " + file.length
                            + " more, at most " + MAX_BYTES);
            // with its Content-Length, it is refused before it is stored
            assertThat(outcome(() -> upload(tenant, account, file, true))).startsWith("429 import-quota-exceeded");
            assertThat(count("SELECT count(*) FROM import_job WHERE tenant_id = ?", tenant))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM statement_upload WHERE tenant_id = ?", tenant))
                    .isEqualTo(1);

            // once the job holding those bytes has finished, its upload no longer counts: the same file is accepted
            fail(fillers);
            assertThat(outcome(() -> upload(tenant, account, file, false))).isEqualTo("accepted");
        } finally {
            fail(fillers);
        }
    }

    @Test
    void overHttp_theRefusalIsA429ProblemWithRetryAfter_forTheRawAndTheMultipartUpload() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        UUID held = insertUpload("acme", MAX_BYTES);
        List<UUID> fillers = List.of(insertRunningJob("acme", UUID.fromString(account), held));
        try {
            String file = StatementImportJobTest.camt053(StatementImportJobTest.ibanOf(account), "EUR");
            StatementImportJobTest.upload("arthur", account, "application/xml", file, null)
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", "30")
                    .body("type", equalTo("https://lettrage.app/problems/import-quota-exceeded"))
                    .body("detail", containsString("at most " + MAX_BYTES));
            StatementImportJobTest.uploadMultipart(
                            "arthur", account, "statement.xml", file.getBytes(StandardCharsets.UTF_8))
                    .statusCode(429)
                    .header("Retry-After", "30")
                    .body("type", equalTo("https://lettrage.app/problems/import-quota-exceeded"));
            assertThat(StatementImportJobTest.jobIds("arthur", account))
                    .containsExactly(fillers.get(0).toString());
            assertThat(orphanUploads("acme")).isZero();
        } finally {
            fail(fillers);
        }
    }

    @Test
    void aQuotaSmallerThanOneStatementFileStopsTheStart() {
        Assertions.assertThatThrownBy(() -> ImportQuota.checkLimits(20, 1000, 2000))
                .hasMessageContaining("max-active-bytes");
        Assertions.assertThatThrownBy(() -> ImportQuota.checkLimits(0, 2000, 2000))
                .hasMessageContaining("max-active-jobs");
        ImportQuota.checkLimits(1, 2000, 2000);
    }

    private ImportJob upload(String tenant, UUID account, byte[] file, boolean withLength) {
        return upload.body(
                tenant,
                account,
                csvOrDetected(),
                withLength ? String.valueOf(file.length) : null,
                new ByteArrayInputStream(file),
                "statement.xml",
                "quota-test");
    }

    private static StatementSource csvOrDetected() {
        return StatementSource.requested(null, null, null);
    }

    /** "accepted", or the refusal's status, type and detail. */
    private static String outcome(Callable<ImportJob> call) throws Exception {
        try {
            call.call();
            return "accepted";
        } catch (TooManyRequests e) {
            return e.status() + " " + e.slug() + ": " + e.getMessage();
        }
    }

    private static byte[] camt053(UUID account) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement("SELECT iban FROM bank_account WHERE id = ?")) {
            s.setObject(1, account);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return StatementImportJobTest.camt053(rs.getString(1), "EUR").getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static UUID insertAccount(String tenant) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(
                "INSERT INTO bank_account (id, tenant_id, iban, currency, name, created_at)"
                        + " VALUES (?, ?, ?, 'EUR', 'Quota', now())",
                id,
                tenant,
                Api.freshIban());
        return id;
    }

    /** An upload of {@code bytes} as its row says (no chunks: nothing reads it). */
    private static UUID insertUpload(String tenant, long bytes) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(
                "INSERT INTO statement_upload (id, tenant_id, created_at, bytes, chunks) VALUES (?, ?, now(), ?, 0)",
                id,
                tenant,
                bytes);
        return id;
    }

    /** A job RUNNING on another instance whose lease holds for ten minutes: no worker here claims it. */
    private static UUID insertRunningJob(String tenant, UUID account, UUID upload) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(
                "INSERT INTO import_job (id, tenant_id, account_id, status, format, file_bytes, statements,"
                        + " entries_total, created_at, started_at, heartbeat_at, owner, upload_id)"
                        + " VALUES (?, ?, ?, 'RUNNING', 'CAMT_053', 1, 1, 1, now(), now(),"
                        + " now() + interval '10 minutes', 'another-instance', ?)",
                id,
                tenant,
                account,
                upload);
        return id;
    }

    /** Ends the filling jobs as a finished job ends: FAILED, its upload deleted. */
    private static void fail(List<UUID> jobs) throws SQLException {
        for (UUID job : jobs) {
            execute(
                    "DELETE FROM statement_upload WHERE id = (SELECT upload_id FROM import_job WHERE id = ?)"
                            + " AND NOT EXISTS (SELECT 1 FROM statement_upload_chunk WHERE upload_id = statement_upload.id)",
                    job);
            execute("UPDATE import_job SET status = 'FAILED', finished_at = now(), upload_id = NULL WHERE id = ?", job);
        }
    }

    /** Uploads of the tenant that no job reads: what a refused upload would leave behind. */
    private static long orphanUploads(String tenant) {
        return count(
                "SELECT count(*) FROM statement_upload u WHERE u.tenant_id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM import_job j WHERE j.upload_id = u.id)",
                tenant);
    }

    private static void execute(String sql, Object... args) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private static long count(String sql, String arg) {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body that counts what was read of it. */
    private static final class CountingStream extends InputStream {
        final AtomicLong read = new AtomicLong();
        private final InputStream in;

        CountingStream(byte[] data) {
            this.in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                read.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }
    }
}
