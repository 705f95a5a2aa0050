package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.banksync.service.BulkTransactionWriter;
import app.lettrage.banksync.service.ImportJob;
import app.lettrage.banksync.service.ImportJobStore;
import app.lettrage.banksync.service.ImportWorkers;
import app.lettrage.banksync.service.StatementImportRunner;
import app.lettrage.testsupport.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * At shutdown the workers stop claiming, the running job stores what it has read and is released at that checkpoint,
 * QUEUED for any instance, within the stop timeout; another run then resumes it. It stops this application's workers
 * for good, hence a profile (an application) of its own.
 */
@QuarkusTest
@TestProfile(ImportShutdownTest.StoppedWorkers.class)
class ImportShutdownTest {

    public static class StoppedWorkers implements QuarkusTestProfile {}

    @Inject
    ImportWorkers workers;

    @Inject
    ImportJobStore jobs;

    @Inject
    StatementImportRunner runner;

    @Inject
    Clock clock;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    /** Holds the job's second batch until the test lets it go: the job is then mid-way when the shutdown comes. */
    static final class HeldWriter extends BulkTransactionWriter {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);

        HeldWriter(Pool pool, MeterRegistry metrics) {
            super(pool, Clock.systemUTC(), metrics);
        }

        @Override
        public Uni<Stored> store(Batch b) {
            if (calls.incrementAndGet() == 2) {
                reached.countDown();
                try {
                    assertThat(proceed.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.store(b);
        }
    }

    @Test
    void shutdownReleasesTheRunningJobAtItsCheckpointAndAnotherRunResumesIt() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String file = Mt940Files.nineEntries(
                StatementImportJobTest.ibanOf(account),
                "S" + UUID.randomUUID().toString().substring(0, 8));
        HeldWriter writer = new HeldWriter(pool, metrics);
        QuarkusMock.installMockForType(writer, BulkTransactionWriter.class);

        UUID jobId = UUID.fromString(StatementImportJobTest.accepted(
                StatementImportJobTest.upload("arthur", account, "text/plain", file, "MT940")));
        assertThat(writer.reached.await(30, TimeUnit.SECONDS)).isTrue();

        // SIGTERM: Quarkus fires ShutdownEvent, whose observer calls stop(stop-timeout)
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> workers.stop(Duration.ofSeconds(8)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(workers::isStopping);
        writer.proceed.countDown();
        assertThat(stopped.get(10, TimeUnit.SECONDS))
                .as("every run stopped in time")
                .isTrue();

        JsonPath released = job(jobId);
        assertThat(released.getString("status")).isEqualTo("QUEUED");
        assertThat(released.getInt("entriesRead")).isEqualTo(4); // the two batches committed before the stop
        assertThat(released.getInt("newTransactions")).isEqualTo(4);
        assertThat(released.getString("finishedAt")).isNull();
        assertThat(released.getString("error")).isNull();
        assertThat(Api.storedTransactions(account)).isEqualTo(4);
        ImportJob stored = jobs.find("acme", jobId).await().atMost(Duration.ofSeconds(10));
        assertThat(stored.state().owner()).as("lease released").isNull();
        assertThat(stored.file().uploadId())
                .as("the upload stays for the run that resumes")
                .isNotNull();

        // a stopped instance claims nothing more
        workers.wake();
        assertThat(job(jobId).getString("status")).isEqualTo("QUEUED");

        // another instance's run takes it and resumes it from the checkpoint
        String other = "another-instance/1";
        ImportJob claimed = jobs.update(
                        jobId,
                        j -> j.claimableAt(clock.instant(), Duration.ofSeconds(60)),
                        j -> j.claim(other, clock.instant(), Duration.ofSeconds(60)))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(claimed.progress().entriesRead()).isEqualTo(4);
        runner.run(claimed, other, () -> false);

        JsonPath done = job(jobId);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("entriesRead")).isEqualTo(9);
        assertThat(done.getInt("newTransactions")).isEqualTo(9);
        assertThat(done.getInt("duplicates")).isZero();
        assertThat(Api.storedTransactions(account)).isEqualTo(9);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(9);
    }

    private static JsonPath job(UUID id) {
        return RestAssured.given()
                .header("Authorization", Tokens.bearer("vera"))
                .get("/api/import-jobs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
