package app.lettrage.banksync.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A statement import as a frontend polls it: status, what the synchronous check found (statements, entries), and
 * progress: entries read so far, how many were new, duplicates, rejected (with the reasons of the first ones) or
 * skipped (information-only entries), and when it started and finished.
 */
public record ImportJob(
        UUID id,
        UUID accountId,
        Status status,
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
        List<ImportJobs.RejectionView> rejections) {

    public enum Status {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    ImportJob withRejections(List<ImportJobs.RejectionView> list) {
        return new ImportJob(
                id,
                accountId,
                status,
                format,
                csvMapping,
                fileName,
                fileBytes,
                statements,
                entriesTotal,
                entriesRead,
                newTransactions,
                duplicates,
                rejected,
                skipped,
                error,
                createdBy,
                createdAt,
                startedAt,
                finishedAt,
                list);
    }
}
