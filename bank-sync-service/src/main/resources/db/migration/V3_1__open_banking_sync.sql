-- Open-banking sync state, one row per bank account reached through a consent. The account is the tenant's
-- bank_account of that IBAN: a re-authorised consent (new consent or new provider account id) updates the row, it
-- never adds a second account. Calls are counted per day (PSD2: four unattended calls a day per account), and a
-- provider's rate limit sets back_off_until; the last error stays visible until a sync succeeds.
CREATE TABLE sync_account (
    id                   uuid PRIMARY KEY,
    tenant_id            varchar(64)  NOT NULL,
    bank_account_id      uuid         NOT NULL REFERENCES bank_account (id),
    consent_id           uuid         NOT NULL,
    provider_account_id  varchar(128) NOT NULL,
    iban                 varchar(34)  NOT NULL,
    status               varchar(16)  NOT NULL,
    valid_until          date,
    last_attempt_at      timestamptz,
    last_success_at      timestamptz,
    last_booked_date     date,
    calls_day            date,
    unattended_calls     integer      NOT NULL DEFAULT 0,
    rate_remaining       integer,
    back_off_until       timestamptz,
    last_error           varchar(500),
    last_error_at        timestamptz,
    imported_total       bigint       NOT NULL DEFAULT 0,
    version              bigint       NOT NULL DEFAULT 0,
    CONSTRAINT sync_account_status CHECK (status IN ('ACTIVE', 'EXPIRED', 'REVOKED')),
    CONSTRAINT sync_account_once UNIQUE (tenant_id, bank_account_id)
);
CREATE INDEX sync_account_consent ON sync_account (consent_id);
CREATE INDEX sync_account_due ON sync_account (status, last_attempt_at);
