package app.lettrage.banksync.service;

import app.lettrage.platform.problem.TooManyRequests;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What one tenant's unfinished imports may hold, so that no tenant fills the database every tenant's uploads share:
 * at most {@code lettrage.banksync.import.max-active-jobs} jobs QUEUED or RUNNING, and at most
 * {@code lettrage.banksync.import.max-active-bytes} in their stored uploads. Past it, a 429 problem
 * {@code import-quota-exceeded} with Retry-After: the room comes back as the tenant's own jobs finish.
 */
@ApplicationScoped
public class ImportQuota {

    /** A tenant's unfinished imports: how many, and the bytes of their stored uploads. */
    public record Usage(long jobs, long bytes) {}

    private final int maxJobs;
    private final long maxBytes;
    private final long maxStatementBytes;
    private final Duration retryAfter;

    public ImportQuota(
            @ConfigProperty(name = "lettrage.banksync.import.max-active-jobs") int maxJobs,
            @ConfigProperty(name = "lettrage.banksync.import.max-active-bytes") long maxBytes,
            @ConfigProperty(name = "lettrage.banksync.max-statement-bytes") long maxStatementBytes,
            @ConfigProperty(name = "lettrage.banksync.import.quota-retry-after") Duration retryAfter) {
        this.maxJobs = maxJobs;
        this.maxBytes = maxBytes;
        this.maxStatementBytes = maxStatementBytes;
        this.retryAfter = retryAfter;
    }

    void start(@Observes StartupEvent ev) {
        checkLimits(maxJobs, maxBytes, maxStatementBytes);
    }

    /** A quota smaller than one statement file would refuse a file the size limit lets through, whatever the wait. */
    public static void checkLimits(int maxJobs, long maxBytes, long maxStatementBytes) {
        if (maxJobs < 1) {
            throw new IllegalStateException("lettrage.banksync.import.max-active-jobs must be at least 1");
        }
        if (maxBytes < maxStatementBytes) {
            throw new IllegalStateException("lettrage.banksync.import.max-active-bytes (" + maxBytes
                    + ") must be at least lettrage.banksync.max-statement-bytes (" + maxStatementBytes + ")");
        }
    }

    /** Refuses one more job of {@code bytes} when the tenant's unfinished imports leave no room for it. */
    public void check(Usage usage, long bytes) {
        if (usage.jobs() >= maxJobs) {
            throw exceeded("the tenant has " + usage.jobs() + " statement imports queued or running, at most " + maxJobs
                    + ": upload this file when one of them has finished");
        }
        if (usage.bytes() + bytes > maxBytes) {
            throw exceeded("the tenant's queued or running statement imports hold " + usage.bytes()
                    + " bytes of uploads, this file " + bytes + " more, at most " + maxBytes
                    + " together: upload it when one of them has finished");
        }
    }

    private TooManyRequests exceeded(String detail) {
        return new TooManyRequests("import-quota-exceeded", "Import quota exceeded", detail, retryAfter);
    }
}
