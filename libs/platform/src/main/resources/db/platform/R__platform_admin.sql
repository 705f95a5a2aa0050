-- Operating the event flow (app.lettrage.platform.admin, docs/operations.md "Dead letters and republishing").
-- Repeatable (R__) and IF NOT EXISTS, like the retention indexes, so it reaches every service's database whatever the
-- service's own versions are: a platform V-migration would need a version below each service's and fail Flyway's
-- validation on databases already past it.

-- Who did what to the event flow: one row per redrive and per outbox republish, written in the transaction of the
-- action itself (a redrive's row commits only once its record is back on the source topic).
CREATE TABLE IF NOT EXISTS admin_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz  NOT NULL DEFAULT now(),
    actor      varchar(255) NOT NULL,   -- the token's preferred_username
    tenant_id  varchar(64)  NOT NULL,
    action     varchar(64)  NOT NULL,   -- dead-letter.redrive, outbox.republish
    target     varchar(512) NOT NULL,   -- payment-matches.dlq/0/42, or the republish's from
    detail     text
);
CREATE INDEX IF NOT EXISTS admin_audit_tenant_at ON admin_audit (tenant_id, at);

-- The dead letters sent back to their source topic, one row each: a second redrive of the same record is refused
-- (409), and lettrage_dlq_messages counts only the records still waiting for one.
CREATE TABLE IF NOT EXISTS dead_letter_redrive (
    topic        varchar(255) NOT NULL,   -- the dead-letter topic
    partition    integer      NOT NULL,
    "offset"     bigint       NOT NULL,
    event_id     varchar(128),            -- ce_id (the consumers' inbox key)
    tenant_id    varchar(64)  NOT NULL,
    redriven_by  varchar(255) NOT NULL,
    redriven_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition, "offset")
);
