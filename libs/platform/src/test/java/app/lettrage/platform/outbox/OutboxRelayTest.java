package app.lettrage.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The relay's tick without a database or a broker: its rounds are scripted. */
class OutboxRelayTest {

    private static final int BATCH = 200;

    /** A relay whose rounds publish the scripted counts (0 once the script is done) and are counted. */
    static final class ScriptedRelay extends OutboxRelay {
        final AtomicInteger rounds = new AtomicInteger();
        final SimpleMeterRegistry registry;
        private final IntSupplier script;

        ScriptedRelay(SimpleMeterRegistry registry, boolean enabled, IntSupplier script) {
            super(null, null, config(enabled), Clock.systemUTC(), registry);
            this.registry = registry;
            this.script = script;
        }

        ScriptedRelay(Integer... counts) {
            this(new SimpleMeterRegistry(), true, next(counts));
        }

        private static IntSupplier next(Integer... counts) {
            Deque<Integer> left = new ArrayDeque<>(List.of(counts));
            return () -> left.isEmpty() ? 0 : left.poll();
        }

        @Override
        public Uni<Integer> publishRound() {
            rounds.incrementAndGet();
            return Uni.createFrom().item(script::getAsInt);
        }

        double failures() {
            return registry.get("lettrage.outbox.failures").counter().count();
        }
    }

    private static OutboxConfig config(boolean enabled) {
        return new OutboxConfig() {
            @Override
            public boolean relayEnabled() {
                return enabled;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofMillis(100);
            }

            @Override
            public boolean wakeOnCommit() {
                return true;
            }

            @Override
            public int batchSize() {
                return BATCH;
            }

            @Override
            public Duration backlogRefresh() {
                return Duration.ofSeconds(15);
            }

            @Override
            public String source() {
                return "/test";
            }
        };
    }

    private static void tick(OutboxRelay relay) {
        relay.poll().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void aTickPublishesOneRound_andAnotherAtOnceWhileARoundComesBackFull() {
        ScriptedRelay idle = new ScriptedRelay(0);
        tick(idle);
        assertThat(idle.rounds).hasValue(1);

        ScriptedRelay partial = new ScriptedRelay(BATCH - 1, BATCH);
        tick(partial);
        assertThat(partial.rounds).hasValue(1);

        ScriptedRelay backlog = new ScriptedRelay(BATCH, BATCH, 7, BATCH);
        tick(backlog);
        assertThat(backlog.rounds).hasValue(3);
    }

    @Test
    void aBacklogOfAnySizeIsDrainedInOneTick_withoutDeepeningTheStack() {
        int full = 20_000;
        AtomicInteger served = new AtomicInteger();
        ScriptedRelay relay =
                new ScriptedRelay(new SimpleMeterRegistry(), true, () -> served.incrementAndGet() <= full ? BATCH : 0);
        tick(relay);
        assertThat(relay.rounds).hasValue(full + 1);
    }

    @Test
    void aFailedRoundIsCountedAndEndsTheTick_theNextTickTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedRelay relay = new ScriptedRelay(new SimpleMeterRegistry(), true, () -> {
            int call = calls.incrementAndGet();
            if (call == 2) {
                throw new IllegalStateException("broker down");
            }
            return call == 1 ? BATCH : 3;
        });
        tick(relay); // a full round, then the failing one: the tick ends without failing
        assertThat(relay.rounds).hasValue(2);
        assertThat(relay.failures()).isEqualTo(1.0);

        tick(relay);
        assertThat(relay.rounds).hasValue(3);
        assertThat(relay.failures()).isEqualTo(1.0);
    }

    @Test
    void nothingRunsAfterShutdown_andABacklogStopsAfterTheRoundInFlight() {
        ScriptedRelay stopped = new ScriptedRelay(BATCH, BATCH);
        stopped.stop(null);
        tick(stopped);
        assertThat(stopped.rounds).hasValue(0);

        AtomicInteger calls = new AtomicInteger();
        ScriptedRelay[] holder = new ScriptedRelay[1];
        holder[0] = new ScriptedRelay(new SimpleMeterRegistry(), true, () -> {
            if (calls.incrementAndGet() == 2) {
                holder[0].stop(null); // shutdown while the second round runs
            }
            return BATCH;
        });
        tick(holder[0]);
        assertThat(holder[0].rounds).hasValue(2);
    }

    @Test
    void aWakeDuringADrainRunsOneMoreDrainAfterIt_neverASecondDrainBesideIt() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ScriptedRelay[] holder = new ScriptedRelay[1];
        holder[0] = new ScriptedRelay(new SimpleMeterRegistry(), true, () -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (calls.incrementAndGet() == 1) {
                    holder[0].wake(); // rows committed while the first round runs: two notifications
                    holder[0].wake();
                }
                return 5;
            } finally {
                inFlight.decrementAndGet();
            }
        });
        holder[0].wake();
        assertThat(holder[0].rounds)
                .as("the woken drain, then one more for the wakes during it")
                .hasValue(2);
        assertThat(maxInFlight).hasValue(1);

        tick(holder[0]);
        assertThat(holder[0].rounds).as("idle again: a tick drains once").hasValue(3);
    }

    @Test
    void theRelayWaitsForTheApplicationToStart_andIsOffWhereRelayEnabledIsFalse() {
        OutboxRelay.NotRelaying enabled = new OutboxRelay.NotRelaying(config(true));
        assertThat(enabled.test(null)).as("skipped while starting").isTrue();
        enabled.started(null);
        assertThat(enabled.test(null)).isFalse();

        OutboxRelay.NotRelaying disabled = new OutboxRelay.NotRelaying(config(false));
        disabled.started(null);
        assertThat(disabled.test(null)).isTrue();
    }

    @Test
    void theTickIsScheduledFromConfiguration_skippedWhileRoundsRun_andOffWhenDisabled() throws Exception {
        Scheduled scheduled = OutboxRelay.class.getDeclaredMethod("poll").getAnnotation(Scheduled.class);
        assertThat(scheduled.every()).isEqualTo("{lettrage.outbox.poll-interval}");
        assertThat(scheduled.concurrentExecution()).isEqualTo(ConcurrentExecution.SKIP);
        assertThat(scheduled.skipExecutionIf()).isEqualTo(OutboxRelay.NotRelaying.class);
    }
}
