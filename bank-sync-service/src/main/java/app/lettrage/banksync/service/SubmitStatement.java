package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A person submits a received statement upload for import: the whole file is checked first, so a file that cannot be
 * read is a 422 before any job exists, then the job is recorded QUEUED for the import workers of any instance, which
 * parse the file again and store it in batches.
 */
@ApplicationScoped
public class SubmitStatement {

    private final ImportJobStore jobs;
    private final StatementUploads uploads;
    private final ImportWorkers workers;
    private final ImportQuota quota;
    private final Clock clock;

    public SubmitStatement(
            ImportJobStore jobs, StatementUploads uploads, ImportWorkers workers, ImportQuota quota, Clock clock) {
        this.jobs = jobs;
        this.uploads = uploads;
        this.workers = workers;
        this.quota = quota;
        this.clock = clock;
    }

    /**
     * Checks the whole file (422 naming the line when it cannot be read, or the statement of another account), then
     * records the job QUEUED within the tenant's {@link ImportQuota} (429 otherwise) and wakes the workers. The upload
     * becomes the job's (deleted when it ends, or here on a 422 or a 429).
     * Blocking: call it on a worker thread.
     */
    public ImportJob submit(
            BankAccount account, StatementSource source, StatementUploads.Upload upload, String fileName, String user) {
        StatementFiles.Checked checked;
        try {
            checked = StatementFiles.read(
                    uploads.open(upload.id()), source, account.iban, account.currency, StatementFiles.COUNT_ONLY);
        } catch (IOException | RuntimeException e) {
            uploads.delete(upload.id());
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        }
        String name = fileName == null || fileName.isBlank() ? null : cut(fileName.strip(), 255);
        ImportJob job = ImportJob.queued(
                UUID.randomUUID(),
                account.tenantId,
                account.id,
                new ImportJob.StatementFile(
                        checked.format().name(),
                        source.csvDescription(),
                        name,
                        upload.bytes(),
                        upload.id(),
                        checked.firstDate(),
                        checked.lastDate()),
                checked.statements(),
                checked.entries(),
                user,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        try {
            jobs.insert(job, quota).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            uploads.delete(upload.id());
            throw e;
        }
        workers.wake(); // this instance's free worker takes it now, or any instance's next one
        return jobs.find(account.tenantId, job.id()).await().atMost(Duration.ofSeconds(30));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
