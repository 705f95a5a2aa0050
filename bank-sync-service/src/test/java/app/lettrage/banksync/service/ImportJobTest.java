package app.lettrage.banksync.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state transitions of an import job, without a database. */
class ImportJobTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static ImportJob queued() {
        return ImportJob.queued(
                UUID.randomUUID(),
                "acme",
                UUID.randomUUID(),
                new ImportJob.StatementFile("CAMT_053", null, "s.xml", 1234, "/uploads/s"),
                1,
                10,
                "arthur",
                T0);
    }

    @Test
    void aJobRunsFromQueuedToSucceededAndLetsGoOfItsUpload() {
        ImportJob job = queued();
        assertThat(job.status()).isEqualTo(ImportJob.Status.QUEUED);
        assertThat(job.progress()).isEqualTo(ImportJob.Progress.NONE);

        ImportJob running = job.start(T0.plusSeconds(1));
        assertThat(running.status()).isEqualTo(ImportJob.Status.RUNNING);
        assertThat(running.state().startedAt()).isEqualTo(T0.plusSeconds(1));

        ImportJob done = running.succeed(T0.plusSeconds(5));
        assertThat(done.status()).isEqualTo(ImportJob.Status.SUCCEEDED);
        assertThat(done.state().startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(done.state().finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.file().path()).isNull();
        assertThat(done.file().bytes()).isEqualTo(1234);
        assertThat(done.isActive()).isFalse();
    }

    @Test
    void aJobFailsFromEitherActiveStateWithItsReasonCut() {
        ImportJob failedQueued = queued().fail("no", T0);
        assertThat(failedQueued.status()).isEqualTo(ImportJob.Status.FAILED);
        assertThat(failedQueued.state().error()).isEqualTo("no");

        ImportJob failedRunning = queued().start(T0).fail("x".repeat(5000), T0.plusSeconds(2));
        assertThat(failedRunning.state().error()).hasSize(ImportJob.MAX_ERROR_LENGTH);
        assertThat(failedRunning.state().finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(failedRunning.file().path()).isNull();
    }

    @Test
    void aFinishedJobStaysFinished() {
        ImportJob done = queued().start(T0).succeed(T0);
        assertThatThrownBy(() -> done.fail("late", T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> done.start(T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queued().succeed(T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUEUED");
        assertThatThrownBy(() -> queued().start(T0).start(T0)).isInstanceOf(IllegalStateException.class);
    }
}
