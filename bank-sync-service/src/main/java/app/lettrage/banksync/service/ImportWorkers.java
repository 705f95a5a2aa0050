package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The threads that run import jobs on this instance ({@code lettrage.banksync.import.workers} of them). While a job is
 * QUEUED or RUNNING its instance refreshes its heartbeat; a sweeper (at start and then periodically, on every
 * instance) marks FAILED the jobs whose heartbeat stopped: their instance died or restarted, and the upload waiting
 * on its disk is gone with it. Re-uploading the file then imports what is missing (what was stored is recognised as
 * duplicate).
 */
@ApplicationScoped
public class ImportWorkers {

    private static final Logger LOG = Logger.getLogger(ImportWorkers.class);

    static final String INTERRUPTED = "the import was interrupted (the service stopped or restarted while it ran);"
            + " upload the file again: transactions already stored are recognised as duplicates";

    private final ImportJobStore jobs;
    private final StatementImportRunner runner;
    private final StatementUploads uploads;
    private final Vertx vertx;
    private final int workers;
    private final Duration heartbeatInterval;
    private final Duration staleAfter;
    private final String owner = UUID.randomUUID().toString();
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService executor;
    private long timerId = -1;

    public ImportWorkers(
            ImportJobStore jobs,
            StatementImportRunner runner,
            StatementUploads uploads,
            Vertx vertx,
            @ConfigProperty(name = "lettrage.banksync.import.workers", defaultValue = "2") int workers,
            @ConfigProperty(name = "lettrage.banksync.import.heartbeat-interval", defaultValue = "10s")
                    Duration heartbeatInterval,
            @ConfigProperty(name = "lettrage.banksync.import.stale-after", defaultValue = "60s") Duration staleAfter) {
        this.jobs = jobs;
        this.runner = runner;
        this.uploads = uploads;
        this.vertx = vertx;
        this.workers = workers;
        this.heartbeatInterval = heartbeatInterval;
        this.staleAfter = staleAfter;
    }

    /** The instance that runs the jobs started here, as recorded with them. */
    String owner() {
        return owner;
    }

    void start(@Observes StartupEvent ev) {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "statement-import-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        sweep().subscribe().with(x -> {}, e -> LOG.warnf("import job sweep failed: %s", e.getMessage()));
        timerId = vertx.setPeriodic(
                heartbeatInterval.toMillis(),
                id -> jobs.heartbeat(active)
                        .flatMap(x -> sweep())
                        .subscribe()
                        .with(x -> {}, e -> LOG.warnf("import job heartbeat failed: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        ExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
        }
        if (!active.isEmpty()) {
            try {
                jobs.failActive(active, INTERRUPTED).await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException x) {
                LOG.warnf(
                        "could not mark the running imports failed at shutdown (the sweeper will): %s", x.getMessage());
            }
        }
    }

    /** Runs the queued job on one of this instance's threads; FAILED at once when the instance is stopping. */
    void start(ImportJob job, BankAccount account, LocalDate firstDate, LocalDate lastDate) {
        active.add(job.id());
        try {
            executor.execute(() -> {
                try {
                    runner.run(job, account, firstDate, lastDate);
                } finally {
                    active.remove(job.id());
                }
            });
        } catch (RuntimeException e) { // shutting down
            active.remove(job.id());
            runner.fail(job, INTERRUPTED);
            uploads.delete(Path.of(job.file().path()));
        }
    }

    /** Marks FAILED every job whose heartbeat stopped longer than stale-after ago; returns how many. */
    public Uni<Integer> sweep() {
        return jobs.failStale(staleAfter, INTERRUPTED);
    }
}
