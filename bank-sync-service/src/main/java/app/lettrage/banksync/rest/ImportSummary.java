package app.lettrage.banksync.rest;

import app.lettrage.banksync.service.TransactionImportService;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of a batch: how many entries came, how many were new, how many were already there, and the ids of
 * the new transactions in the order of the batch.
 */
public record ImportSummary(int received, int imported, int duplicates, List<UUID> transactionIds) {

    static ImportSummary of(int received, TransactionImportService.Result r) {
        return new ImportSummary(
                received,
                r.imported().size(),
                r.duplicates(),
                r.imported().stream().map(t -> t.id).toList());
    }
}
