package app.lettrage.banksync.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * This instance's import workers: up to {@code lettrage.banksync.import.workers} runs at once, on the managed executor.
 * A free worker claims the oldest job that can run (QUEUED, or RUNNING under a lease its instance stopped renewing)
 * from the database, so any instance runs any upload and resumes any interrupted job; workers look for work when a
 * job is submitted here, when a run ends, and every {@code heartbeat-interval}, which also renews the leases of the
 * runs here.
 *
 * <p>At shutdown the workers claim nothing more and ask the runs to stop: each stores what it has read, releases its
 * job at that checkpoint (QUEUED again, for another instance) and ends. The shutdown waits for them at most
 * {@code stop-timeout}; a run still busy then keeps its job until the lease expires and another instance claims it.
 */
@ApplicationScoped
public class ImportWorkers {

    private static final Logger LOG = Logger.getLogger(ImportWorkers.class);

    private final ImportJobStore jobs;
    private final StatementImportRunner runner;
    private final ManagedExecutor executor;
    private final Clock clock;
    private final int workers;
    private final Duration lease;
    private final Duration stopTimeout;
    private final Semaphore free;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private boolean drained;

    public ImportWorkers(
            ImportJobStore jobs,
            StatementImportRunner runner,
            ManagedExecutor executor,
            Clock clock,
            @ConfigProperty(name = "lettrage.banksync.import.workers", defaultValue = "2") int workers,
            @ConfigProperty(name = "lettrage.banksync.import.lease", defaultValue = "60s") Duration lease,
            @ConfigProperty(name = "lettrage.banksync.import.stop-timeout", defaultValue = "10s")
                    Duration stopTimeout) {
        this.jobs = jobs;
        this.runner = runner;
        this.executor = executor;
        this.clock = clock;
        this.workers = workers;
        this.lease = lease;
        this.stopTimeout = stopTimeout;
        this.free = new Semaphore(workers);
    }

    /** Renews the leases of the runs here, then looks for work: at start, and every heartbeat-interval. */
    @Scheduled(
            identity = "statement-import-workers",
            every = "{lettrage.banksync.import.heartbeat-interval}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        if (stopping) {
            return;
        }
        try {
            jobs.renew(Set.copyOf(held), clock.instant()).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("could not renew the import leases (renewed at the next tick): %s", e.getMessage());
        }
        wake();
    }

    /** Claims and starts jobs while a worker is free and a job can run. Blocking (one query per claim). */
    public void wake() {
        while (!stopping && free.tryAcquire()) {
            String owner = instance + "/" + claims.incrementAndGet();
            ImportJob job;
            try {
                job = jobs.claimNext(owner, clock.instant(), lease).await().atMost(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                free.release();
                LOG.warnf("could not claim an import job (retried at the next tick): %s", e.getMessage());
                return;
            }
            if (job == null) {
                free.release();
                return;
            }
            held.add(owner);
            try {
                executor.execute(() -> run(job, owner));
            } catch (RuntimeException e) { // the executor is shutting down: the lease expires, another instance runs it
                held.remove(owner);
                free.release();
                LOG.warnf("could not start import job %s: %s", job.id(), e.getMessage());
                return;
            }
        }
    }

    private void run(ImportJob job, String owner) {
        try {
            runner.run(job, owner, () -> stopping);
        } finally {
            held.remove(owner);
            free.release();
        }
        wake();
    }

    /** Whether the workers were asked to stop. */
    public boolean isStopping() {
        return stopping;
    }

    void onShutdown(@Observes ShutdownEvent ev) {
        stop(stopTimeout);
    }

    /**
     * Claims nothing more, asks the runs to stop at their next entry and waits at most {@code timeout} for them to
     * release their jobs; true when all did. The workers stay stopped.
     */
    public synchronized boolean stop(Duration timeout) {
        stopping = true;
        if (drained) {
            return true;
        }
        try {
            if (free.tryAcquire(workers, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                drained = true; // the permits stay taken: nothing starts anymore
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warnf(
                "%d import run(s) did not stop within %s: another instance resumes them when their lease expires",
                held.size(), timeout);
        return false;
    }
}
