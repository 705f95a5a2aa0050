-- Transactional outbox: a state change and its event are written in one transaction; the relay publishes them.
CREATE TABLE outbox_event (
    id              uuid PRIMARY KEY,                 -- the event id, CloudEvents ce_id
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- publication order
    aggregate_type  varchar(64)  NOT NULL,
    aggregate_id    varchar(128) NOT NULL,            -- CloudEvents subject
    event_type      varchar(128) NOT NULL,            -- CloudEvents type
    tenant_id       varchar(64)  NOT NULL,
    topic           varchar(128) NOT NULL,
    message_key     varchar(256) NOT NULL,
    occurred_at     timestamptz  NOT NULL,
    payload         text         NOT NULL,
    sent_at         timestamptz,
    attempts        integer      NOT NULL DEFAULT 0
);
CREATE INDEX outbox_event_unsent ON outbox_event (seq) WHERE sent_at IS NULL;

-- Inbox: insert-first deduplication of consumed events, in the consumer's transaction.
CREATE TABLE inbox_event (
    consumer     varchar(64)  NOT NULL,
    event_id     varchar(128) NOT NULL,
    event_type   varchar(128),
    received_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
