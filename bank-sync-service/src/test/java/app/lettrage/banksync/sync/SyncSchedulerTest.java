package app.lettrage.banksync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.scheduler.SkippedExecution;
import io.quarkus.scheduler.SuccessfulExecution;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduled sync with a tick of a second: while one run waits for a slow read, the ticks that come are skipped,
 * so no second run starts beside it; the account is read once, and synced when the read returns.
 */
@QuarkusTest
@TestProfile(SyncSchedulerTest.EverySecond.class)
@QuarkusTestResource(ScriptedConsentService.class)
class SyncSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lettrage.banksync.sync.tick",
                    "1s",
                    // the held read must outlast several ticks: %test names the test profile's timeout, and a
                    // profile's own key wins over a plain one
                    "%test.quarkus.fault-tolerance.\"app.lettrage.banksync.sync.ConsentServiceApi$$CDIWrapper/transactions\".timeout.value",
                    "60000");
        }
    }

    /** Counts the scheduler's reports on the sync job (read through methods: the test holds a client proxy). */
    @ApplicationScoped
    public static class SyncRuns {
        private final AtomicInteger skipped = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();

        int skipped() {
            return skipped.get();
        }

        int finished() {
            return finished.get();
        }

        void skipped(@Observes SkippedExecution e) {
            if (SyncScheduler.IDENTITY.equals(e.getExecution().getTrigger().getId())) {
                skipped.incrementAndGet();
            }
        }

        void finished(@Observes SuccessfulExecution e) {
            if (SyncScheduler.IDENTITY.equals(e.getExecution().getTrigger().getId())) {
                finished.incrementAndGet();
            }
        }
    }

    @Inject
    SyncRuns runs;

    @Test
    void ticksDuringARunAreSkipped_theAccountIsReadOnce() {
        String consent = UUID.randomUUID().toString();
        String iban = OpenBankingSyncTest.iban();
        CountDownLatch release = new CountDownLatch(1);
        int finishedBefore;
        // scripted before the account exists: the first run that finds it gets the held answer
        ScriptedConsentService.script(consent, OpenBankingSyncTest.report().heldUntil(release));
        try {
            OpenBankingSyncTest.granted(consent, "acc-1", iban);
            await().atMost(WAIT)
                    .until(() -> ScriptedConsentService.calls(consent).size() == 1);
            finishedBefore = runs.finished();
            int skippedBefore = runs.skipped();

            await().atMost(WAIT).until(() -> runs.skipped() >= skippedBefore + 2);

            assertThat(runs.finished())
                    .as("no run ended while the first was reading")
                    .isEqualTo(finishedBefore);
            assertThat(ScriptedConsentService.calls(consent)).hasSize(1);
        } finally {
            release.countDown();
        }
        // the run ends (it goes on with the other accounts due, left by earlier tests), and the ticks that follow
        // do not read the account again
        await().atMost(Duration.ofSeconds(90)).until(() -> runs.finished() > finishedBefore);
        assertThat(ScriptedConsentService.calls(consent)).hasSize(1);
    }
}
