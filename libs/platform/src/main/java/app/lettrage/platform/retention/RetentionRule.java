package app.lettrage.platform.retention;

import java.time.Duration;

/**
 * Rows of one table that the retention purge deletes once they are older than {@link #retention()}. A service adds
 * a rule by declaring a bean of this type; the platform declares those of the outbox and the inbox.
 */
public interface RetentionRule {

    /** The table, as the {@code table} tag of the purge's metrics and in its logs. */
    String table();

    /** How long a row is kept. */
    Duration retention();

    /**
     * One DELETE of at most {@code $2} rows that may go because they are older than the cutoff {@code $1} (a
     * {@code timestamptz}), skipping rows another transaction holds. It must carry every guard of the table: a row
     * it selects is gone.
     */
    String deleteBatch();
}
