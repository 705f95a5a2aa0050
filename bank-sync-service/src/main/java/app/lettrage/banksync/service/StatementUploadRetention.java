package app.lettrage.banksync.service;

import app.lettrage.platform.retention.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Statement uploads older than {@code lettrage.banksync.import.upload-retention} (24 h) that no active job reads: an
 * instance died between receiving the upload and recording its job, or the delete at the end of the job failed. An
 * upload a QUEUED or RUNNING job reads is kept however old, so the job can still be resumed. Purged by the platform's
 * retention purge, with the outbox and the inbox.
 */
@ApplicationScoped
public class StatementUploadRetention implements RetentionRule {

    private final Duration retention;

    public StatementUploadRetention(
            @ConfigProperty(name = "lettrage.banksync.import.upload-retention", defaultValue = "24h")
                    Duration retention) {
        this.retention = retention;
    }

    @Override
    public String table() {
        return "statement_upload";
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public String deleteBatch() {
        return "DELETE FROM statement_upload WHERE id IN (SELECT u.id FROM statement_upload u WHERE u.created_at < $1"
                + " AND NOT EXISTS (SELECT 1 FROM import_job j WHERE j.upload_id = u.id"
                + " AND j.status IN ('QUEUED', 'RUNNING')) LIMIT $2 FOR UPDATE OF u SKIP LOCKED)";
    }
}
