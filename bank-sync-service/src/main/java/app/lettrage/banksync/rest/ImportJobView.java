package app.lettrage.banksync.rest;

import app.lettrage.banksync.service.ImportJob;
import app.lettrage.banksync.service.ImportJobStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A statement import as a frontend polls it: status, what the synchronous check found (statements, entries), and
 * progress: entries read so far of the total, how many were new, duplicates, rejected (with the reasons of the first
 * ones) or skipped (information-only entries), and when it started and finished.
 */
public record ImportJobView(
        UUID id,
        UUID accountId,
        ImportJob.Status status,
        String format,
        String csvMapping,
        String fileName,
        long fileBytes,
        int statements,
        int entriesTotal,
        int entriesRead,
        int newTransactions,
        int duplicates,
        int rejected,
        int skipped,
        String error,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        List<ImportJobStore.Rejection> rejections) {

    /** The job with the reasons of its first rejections (null in lists, which leave them out). */
    static ImportJobView of(ImportJob job, List<ImportJobStore.Rejection> rejections) {
        ImportJob.Progress p = job.progress();
        return new ImportJobView(
                job.id(),
                job.accountId(),
                job.status(),
                job.file().format(),
                job.file().csvMapping(),
                job.file().name(),
                job.file().bytes(),
                job.statements(),
                job.entriesTotal(),
                p.entriesRead(),
                p.newTransactions(),
                p.duplicates(),
                p.rejected(),
                p.skipped(),
                job.state().error(),
                job.createdBy(),
                job.createdAt(),
                job.state().startedAt(),
                job.state().finishedAt(),
                rejections);
    }
}
