package app.lettrage.banksync.service;

import java.util.UUID;

/**
 * A run found that it no longer holds its job: its lease expired and another run claimed the job. Nothing of the batch
 * was stored; the run stops without touching the job, which the other run carries on.
 */
public class ImportLeaseLost extends RuntimeException {

    public ImportLeaseLost(UUID jobId, String owner) {
        super("import job " + jobId + " is no longer held by " + owner + ": another run took it over");
    }
}
