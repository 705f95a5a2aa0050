package app.lettrage.banksync.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state transitions of an import job and its lease, on a fixed clock, without a database. */
class ImportJobTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(60);

    static ImportJob queued() {
        return ImportJob.queued(
                UUID.randomUUID(),
                "acme",
                UUID.randomUUID(),
                new ImportJob.StatementFile(
                        "CAMT_053",
                        null,
                        "s.xml",
                        1234,
                        UUID.randomUUID(),
                        LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 30)),
                1,
                10,
                "arthur",
                T0);
    }

    @Test
    void aJobIsClaimedRunsToSucceededAndLetsGoOfItsUpload() {
        ImportJob job = queued();
        assertThat(job.status()).isEqualTo(ImportJob.Status.QUEUED);
        assertThat(job.progress()).isEqualTo(ImportJob.Progress.NONE);
        assertThat(job.claimableAt(T0, LEASE)).isTrue();

        ImportJob running = job.claim("i1/1", T0.plusSeconds(1), LEASE);
        assertThat(running.status()).isEqualTo(ImportJob.Status.RUNNING);
        assertThat(running.state().startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(running.heldBy("i1/1")).isTrue();
        assertThat(running.heldBy("i1/2")).isFalse();

        ImportJob done = running.succeed("i1/1", T0.plusSeconds(5));
        assertThat(done.status()).isEqualTo(ImportJob.Status.SUCCEEDED);
        assertThat(done.state().startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(done.state().finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.state().owner()).isNull();
        assertThat(done.file().uploadId()).isNull();
        assertThat(done.file().bytes()).isEqualTo(1234);
        assertThat(done.isActive()).isFalse();
        assertThat(done.claimableAt(T0.plus(Duration.ofDays(1)), LEASE)).isFalse();
    }

    @Test
    void aRunningJobIsClaimableOnlyOnceItsLeaseExpired() {
        ImportJob running = queued().claim("dead/1", T0, LEASE);
        assertThat(running.claimableAt(T0.plusSeconds(60), LEASE)).isFalse();
        assertThatThrownBy(() -> running.claim("i2/1", T0.plusSeconds(30), LEASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("held by dead/1");

        ImportJob resumed = running.claim("i2/1", T0.plusSeconds(61), LEASE);
        assertThat(resumed.heldBy("i2/1")).isTrue();
        assertThat(resumed.heldBy("dead/1")).isFalse();
        assertThat(resumed.state().startedAt()).isEqualTo(T0); // when the job first started
        assertThat(resumed.state().heartbeatAt()).isEqualTo(T0.plusSeconds(61));
        // the run that lost it can neither complete nor release it
        assertThatThrownBy(() -> resumed.succeed("dead/1", T0.plusSeconds(62)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> resumed.release("dead/1", T0.plusSeconds(62)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReleasedJobIsQueuedAgainWithItsUploadAndStartTime() {
        ImportJob released = queued().claim("i1/1", T0, LEASE).release("i1/1", T0.plusSeconds(3));
        assertThat(released.status()).isEqualTo(ImportJob.Status.QUEUED);
        assertThat(released.state().owner()).isNull();
        assertThat(released.state().startedAt()).isEqualTo(T0);
        assertThat(released.file().uploadId()).isNotNull();
        assertThat(released.claimableAt(T0.plusSeconds(3), LEASE)).isTrue();
    }

    @Test
    void aJobFailsFromEitherActiveStateWithItsReasonCut() {
        ImportJob failedQueued = queued().fail("no", T0);
        assertThat(failedQueued.status()).isEqualTo(ImportJob.Status.FAILED);
        assertThat(failedQueued.state().error()).isEqualTo("no");

        ImportJob failedRunning = queued().claim("i1/1", T0, LEASE).fail("x".repeat(5000), T0.plusSeconds(2));
        assertThat(failedRunning.state().error()).hasSize(ImportJob.MAX_ERROR_LENGTH);
        assertThat(failedRunning.state().finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(failedRunning.file().uploadId()).isNull();
    }

    @Test
    void aFinishedJobStaysFinished() {
        ImportJob done = queued().claim("i1/1", T0, LEASE).succeed("i1/1", T0);
        assertThatThrownBy(() -> done.fail("late", T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> done.claim("i1/2", T0.plus(Duration.ofDays(1)), LEASE))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queued().succeed("i1/1", T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUEUED");
    }
}
