package app.lettrage.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The purge's batching and schedule without a database (RetentionTest of invoice-service runs it on one). */
class RetentionPurgeTest {

    /** Batches that delete the scripted counts, then 0; counts the statements. */
    static final class Script implements Supplier<Uni<Integer>> {
        final AtomicInteger statements = new AtomicInteger();
        private final Deque<Integer> left;

        Script(Integer... counts) {
            left = new ArrayDeque<>(List.of(counts));
        }

        @Override
        public Uni<Integer> get() {
            statements.incrementAndGet();
            return Uni.createFrom().item(left.isEmpty() ? 0 : left.poll());
        }
    }

    @Test
    void fullBatchesAreFollowedByAnother_untilOneDeletesFewer() {
        Script script = new Script(5, 5, 5, 2, 5);
        long deleted = RetentionPurge.inBatches(script, 5, () -> false).await().indefinitely();
        assertThat(deleted).isEqualTo(17);
        assertThat(script.statements).hasValue(4); // the batch of 2 says nothing older is left
    }

    @Test
    void aBacklogExactlyAMultipleOfTheBatchEndsWithAnEmptyBatch() {
        Script script = new Script(5, 5);
        assertThat(RetentionPurge.inBatches(script, 5, () -> false).await().indefinitely())
                .isEqualTo(10);
        assertThat(script.statements).hasValue(3);
    }

    @Test
    void aStoppingServiceStartsNoFurtherBatch() {
        AtomicBoolean stopped = new AtomicBoolean();
        Script script = new Script(5, 5, 5);
        Supplier<Uni<Integer>> stopAfterFirst = () -> script.get().invoke(() -> stopped.set(true));
        assertThat(RetentionPurge.inBatches(stopAfterFirst, 5, stopped::get)
                        .await()
                        .indefinitely())
                .isEqualTo(5);
        assertThat(script.statements).hasValue(1);
    }

    @Test
    void aLongBacklogDoesNotDeepenTheStack() {
        AtomicInteger statements = new AtomicInteger();
        Supplier<Uni<Integer>> oneRowEach = () -> Uni.createFrom().item(statements.incrementAndGet() < 20_000 ? 1 : 0);
        assertThat(RetentionPurge.inBatches(oneRowEach, 1, () -> false).await().indefinitely())
                .isEqualTo(19_999);
    }

    @Test
    void thePurgeIsScheduledFromConfiguration_andSkippedWhileOneRuns() throws Exception {
        Scheduled scheduled =
                RetentionPurge.class.getDeclaredMethod("scheduled").getAnnotation(Scheduled.class);
        assertThat(scheduled.every()).isEqualTo("{lettrage.retention.purge-every}");
        assertThat(scheduled.concurrentExecution()).isEqualTo(ConcurrentExecution.SKIP);
    }

    @Test
    void aRefusedConfigurationStopsThePurgeBeforeItDeletesAnything() {
        RetentionConfig tooShort = RetentionCheckTest.config(Duration.ofHours(1), Duration.ofDays(7), 5000);
        assertThatThrownBy(() -> new RetentionPurge(
                        null,
                        List.of(new InboxRetention(tooShort)),
                        tooShort,
                        Clock.systemUTC(),
                        new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redelivery-window");
    }
}
