-- A PSD2 account-information consent of one tenant at one institution. The status column carries the whole
-- lifecycle of the later PSD2 flow (CREATED -> AWAITING_AUTHORISATION -> ACTIVE -> EXPIRING -> EXPIRED, or
-- REJECTED / REVOKED); provider-side columns (external id, SCA redirect, encrypted tokens) come with that flow.
CREATE TABLE consent (
    id              uuid PRIMARY KEY,
    tenant_id       varchar(64)  NOT NULL,
    institution_id  varchar(64)  NOT NULL,
    provider        varchar(32)  NOT NULL,
    status          varchar(32)  NOT NULL,
    valid_until     date         NOT NULL,
    created_by      varchar(128) NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    version         bigint       NOT NULL DEFAULT 0,
    CONSTRAINT consent_status_known CHECK (status IN ('CREATED', 'AWAITING_AUTHORISATION', 'ACTIVE', 'EXPIRING',
                                                      'EXPIRED', 'REJECTED', 'REVOKED')),
    CONSTRAINT consent_provider_known CHECK (provider IN ('BERLIN_GROUP', 'GOCARDLESS', 'SANDBOX'))
);
CREATE INDEX consent_tenant_created ON consent (tenant_id, created_at DESC, id);
-- the expiry job of the full flow looks for active consents by date
CREATE INDEX consent_status_valid_until ON consent (status, valid_until);

-- A bank account reachable through a consent (as the provider reports it).
CREATE TABLE linked_account (
    id          uuid PRIMARY KEY,
    consent_id  uuid         NOT NULL REFERENCES consent (id),
    account_id  varchar(128) NOT NULL,
    iban        varchar(34),
    currency    char(3),
    name        varchar(200),
    CONSTRAINT linked_account_once UNIQUE (consent_id, account_id)
);

-- Every change of a consent, written in the transaction of the change.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consent_id  uuid         NOT NULL REFERENCES consent (id),
    tenant_id   varchar(64)  NOT NULL,
    actor       varchar(128) NOT NULL,
    action      varchar(32)  NOT NULL,
    at          timestamptz  NOT NULL,
    detail      text
);
CREATE INDEX audit_log_consent ON audit_log (tenant_id, consent_id, id);
