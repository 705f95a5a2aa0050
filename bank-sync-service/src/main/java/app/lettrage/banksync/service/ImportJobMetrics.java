package app.lettrage.banksync.service;

import app.lettrage.platform.metrics.CountsByState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The import jobs as ops watch them: the gauge {@code lettrage_import_jobs{state}} (jobs of all tenants in each state,
 * measured on a schedule, {@code lettrage.banksync.import.gauge-refresh}; every replica reports the whole database, so
 * alerts take the max over replicas) and the counter {@code lettrage_import_jobs_finished_total{state}} (jobs this
 * replica ended SUCCEEDED or FAILED, counted once the end is stored).
 */
@ApplicationScoped
public class ImportJobMetrics {

    private final ImportJobStore jobs;
    private final CountsByState byState;
    private final Map<ImportJob.Status, Counter> finished = new EnumMap<>(ImportJob.Status.class);

    public ImportJobMetrics(ImportJobStore jobs, MeterRegistry registry) {
        this.jobs = jobs;
        this.byState = new CountsByState(
                registry,
                "lettrage.import.jobs",
                "statement import jobs of all tenants, by state",
                Arrays.stream(ImportJob.Status.values()).map(Enum::name).toList());
        for (ImportJob.Status status : ImportJob.Status.values()) {
            if (status.finished()) {
                finished.put(
                        status,
                        Counter.builder("lettrage.import.jobs.finished")
                                .description("statement import jobs this replica ended, by final state")
                                .tag("state", status.name())
                                .register(registry));
            }
        }
    }

    /** Creates the meters at start, before the first measure. */
    void start(@Observes StartupEvent ev) {}

    @Scheduled(
            identity = "import-jobs-gauge",
            every = "{lettrage.banksync.import.gauge-refresh}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return measure().onFailure().recoverWithItem(e -> {
            Log.warnf("import jobs: measure failed, the gauge keeps the last one: %s", e.getMessage());
            return null;
        });
    }

    /** Counts the jobs by state now. */
    public Uni<Void> measure() {
        return jobs.countByStatus().invoke(byState::measured).replaceWithVoid();
    }

    /** A run stored the end of its job ({@code job} as stored, null when the run no longer held it: not counted). */
    void ended(ImportJob job) {
        if (job != null && job.status().finished()) {
            finished.get(job.status()).increment();
        }
    }
}
