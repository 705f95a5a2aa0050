package app.lettrage.banksync.rest;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a batch: how many entries came, how many were new, how many were already there, and the ids of
 * the new transactions in the order of the batch.
 */
public record ImportSummary(int received, int imported, int duplicates, List<UUID> transactionIds) {}
