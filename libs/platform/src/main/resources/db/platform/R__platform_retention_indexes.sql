-- What the retention purge (app.lettrage.platform.retention) looks up, so that each of its batches reads only the
-- rows it deletes instead of scanning the table. Repeatable (R__) and IF NOT EXISTS, like the outbox trigger, so it
-- reaches existing databases whatever their services' own versions. On a large existing outbox or inbox, build these
-- by hand with CREATE INDEX CONCURRENTLY before the release (docs/operations.md, "Retention"): this build blocks the
-- table's writes while it runs.

-- published events by age; rows enter it when the relay marks them sent, unsent events never do
CREATE INDEX IF NOT EXISTS outbox_event_sent_occurred ON outbox_event (occurred_at) WHERE sent_at IS NOT NULL;

CREATE INDEX IF NOT EXISTS inbox_event_received ON inbox_event (received_at);
