-- Open items: the matchable view of invoice-service's invoices, kept from invoice events. amount_due is
-- total minus this service's own active allocations (every payment originates here).
CREATE TABLE open_item (
    invoice_id          varchar(64)  PRIMARY KEY,
    tenant_id           varchar(64)  NOT NULL,
    direction           varchar(16)  NOT NULL,
    number              varchar(64)  NOT NULL,
    number_key          varchar(64)  NOT NULL,
    payment_reference   varchar(40),
    counterparty_name   varchar(200),
    counterparty_iban   varchar(34),
    currency            char(3)      NOT NULL,
    total_amount        numeric(19,4) NOT NULL,
    amount_due          numeric(19,4) NOT NULL,
    due_date            date,
    status              varchar(16)  NOT NULL,
    updated_at          timestamptz  NOT NULL
);
CREATE INDEX open_item_by_amount ON open_item (tenant_id, direction, currency, amount_due) WHERE status = 'OPEN';
CREATE INDEX open_item_by_number ON open_item (tenant_id, number_key);

CREATE TABLE bank_transaction (
    transaction_id          varchar(64)  PRIMARY KEY,
    tenant_id               varchar(64)  NOT NULL,
    account_id              varchar(64)  NOT NULL,
    status                  varchar(16)  NOT NULL,
    amount                  numeric(19,4) NOT NULL,
    currency                char(3)      NOT NULL,
    booking_date            date         NOT NULL,
    counterparty_name       varchar(200),
    counterparty_iban       varchar(34),
    remittance_information  text,
    structured_reference    varchar(64),
    state                   varchar(16)  NOT NULL,
    decision_reasons        text,
    received_at             timestamptz  NOT NULL
);
CREATE INDEX bank_transaction_state ON bank_transaction (tenant_id, state, booking_date DESC);
CREATE INDEX bank_transaction_unmatched_amount ON bank_transaction (tenant_id, currency, amount) WHERE state = 'UNMATCHED';

CREATE TABLE payment_match (
    id              uuid PRIMARY KEY,
    tenant_id       varchar(64)  NOT NULL,
    transaction_id  varchar(64)  NOT NULL REFERENCES bank_transaction (transaction_id),
    decided_by      varchar(16)  NOT NULL,
    confidence      numeric(5,4) NOT NULL,
    reasons         text         NOT NULL,
    matched_by      varchar(100) NOT NULL,
    matched_at      timestamptz  NOT NULL,
    undone_at       timestamptz,
    undone_by       varchar(100)
);
-- at most one active match per transaction: a decision can never publish PaymentMatched twice
CREATE UNIQUE INDEX payment_match_one_active ON payment_match (transaction_id) WHERE undone_at IS NULL;
CREATE INDEX payment_match_tenant ON payment_match (tenant_id, matched_at DESC);

CREATE TABLE match_allocation (
    id              uuid PRIMARY KEY,
    match_id        uuid         NOT NULL REFERENCES payment_match (id),
    tenant_id       varchar(64)  NOT NULL,
    invoice_id      varchar(64)  NOT NULL,
    invoice_number  varchar(64)  NOT NULL,
    amount          numeric(19,4) NOT NULL,
    currency        char(3)      NOT NULL
);
CREATE INDEX match_allocation_match ON match_allocation (match_id);
