CREATE TABLE invoice (
    id                  uuid PRIMARY KEY,
    tenant_id           varchar(64)  NOT NULL,
    direction           varchar(16)  NOT NULL,
    number              varchar(64),
    status              varchar(20)  NOT NULL,
    counterparty_name   varchar(200) NOT NULL,
    counterparty_iban   varchar(34),
    currency            char(3)      NOT NULL,
    total_amount        numeric(19,4) NOT NULL,
    amount_due          numeric(19,4) NOT NULL,
    credit_amount       numeric(19,4) NOT NULL DEFAULT 0,
    issue_date          date,
    due_date            date         NOT NULL,
    payment_reference   varchar(40),
    version             bigint       NOT NULL DEFAULT 0,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    CONSTRAINT invoice_amount_due_range CHECK (amount_due >= 0 AND amount_due <= total_amount),
    CONSTRAINT invoice_number_unique UNIQUE (tenant_id, number)
);
CREATE INDEX invoice_tenant_status ON invoice (tenant_id, status, due_date);

-- Gapless numbering per tenant and series: the row lock of UPDATE ... RETURNING serialises issuers, and a
-- rolled-back issue gives its number back.
CREATE TABLE invoice_series (
    tenant_id   varchar(64) NOT NULL,
    series      varchar(32) NOT NULL,
    next_value  bigint      NOT NULL,
    PRIMARY KEY (tenant_id, series)
);

-- Every payment applied to an invoice, once per (match, invoice).
CREATE TABLE invoice_payment (
    id              uuid PRIMARY KEY,
    tenant_id       varchar(64)  NOT NULL,
    invoice_id      uuid         NOT NULL REFERENCES invoice (id),
    match_id        varchar(64)  NOT NULL,
    transaction_id  varchar(64)  NOT NULL,
    amount          numeric(19,4) NOT NULL,
    decided_by      varchar(16)  NOT NULL,
    payment_date    date,
    applied_at      timestamptz  NOT NULL,
    reversed_at     timestamptz,
    CONSTRAINT invoice_payment_once UNIQUE (invoice_id, match_id)
);
CREATE INDEX invoice_payment_invoice ON invoice_payment (tenant_id, invoice_id);
