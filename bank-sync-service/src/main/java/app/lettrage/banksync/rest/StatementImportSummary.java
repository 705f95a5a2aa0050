package app.lettrage.banksync.rest;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a statement file upload: its format, how many statements and entries it held, how many entries
 * were new and how many already there, and the ids of the new transactions in file order. Entries that are only
 * information (not booked, not pending) are read but neither imported nor counted as duplicates.
 */
public record StatementImportSummary(String format, int statements, int entriesRead, int imported, int duplicates,
        List<UUID> transactionIds) {
}
