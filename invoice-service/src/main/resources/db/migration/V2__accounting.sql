-- Invoices as an accountant needs them: lines and exact totals, credit notes, purchase invoices numbered by their
-- supplier, tenant settings, idempotent POSTs, and the indexes the list needs at a million invoices per tenant.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE invoice
    ADD COLUMN kind                    varchar(16)   NOT NULL DEFAULT 'INVOICE',
    ADD COLUMN supplier_key            varchar(200),
    ADD COLUMN counterparty_address    varchar(500),
    ADD COLUMN counterparty_vat_number varchar(32),
    ADD COLUMN payment_terms           varchar(200),
    ADD COLUMN notes                   varchar(2000),
    ADD COLUMN rounding                varchar(16)   NOT NULL DEFAULT 'PER_TOTAL',
    ADD COLUMN net_amount              numeric(19,4),
    ADD COLUMN vat_amount              numeric(19,4),
    ADD COLUMN written_off_amount      numeric(19,4) NOT NULL DEFAULT 0,
    ADD COLUMN payment_reference_type  varchar(16),
    ADD COLUMN credit_note_for         uuid REFERENCES invoice (id),
    ADD COLUMN cancelled_by            uuid REFERENCES invoice (id),
    ADD COLUMN cancel_reason           varchar(500);

UPDATE invoice SET net_amount = total_amount, vat_amount = 0;
UPDATE invoice SET payment_reference_type = 'ISO11649' WHERE payment_reference IS NOT NULL;
UPDATE invoice SET supplier_key = lower(trim(counterparty_name)) WHERE direction = 'PURCHASE';
ALTER TABLE invoice ALTER COLUMN net_amount SET NOT NULL, ALTER COLUMN vat_amount SET NOT NULL;

-- our numbers are unique per tenant; a supplier's numbers only among that supplier's documents
ALTER TABLE invoice DROP CONSTRAINT invoice_number_unique;
CREATE UNIQUE INDEX invoice_sales_number ON invoice (tenant_id, number) WHERE direction = 'SALES';
CREATE UNIQUE INDEX invoice_supplier_number ON invoice (tenant_id, supplier_key, kind, number) WHERE direction = 'PURCHASE';

CREATE TABLE invoice_line (
    id           uuid PRIMARY KEY,
    invoice_id   uuid          NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
    position     integer       NOT NULL,
    description  varchar(500)  NOT NULL,
    quantity     numeric(19,6) NOT NULL,
    unit_price   numeric(19,6) NOT NULL,
    vat_rate     numeric(7,4)  NOT NULL,
    discount     numeric(7,4)  NOT NULL DEFAULT 0,
    net_amount   numeric(19,4) NOT NULL,
    vat_amount   numeric(19,4) NOT NULL,
    CONSTRAINT invoice_line_position UNIQUE (invoice_id, position)
);

ALTER TABLE invoice_payment ADD COLUMN write_off numeric(19,4) NOT NULL DEFAULT 0;

CREATE TABLE tenant_settings (
    tenant_id           varchar(64) PRIMARY KEY,
    reference_type      varchar(16) NOT NULL,
    rounding            varchar(16) NOT NULL,
    invoice_prefix      varchar(8)  NOT NULL,
    credit_note_prefix  varchar(8)  NOT NULL,
    time_zone           varchar(64) NOT NULL,
    version             bigint      NOT NULL DEFAULT 0,
    updated_at          timestamptz NOT NULL
);

-- A POST retried with the same Idempotency-Key answers the first result; the row commits with the effect.
CREATE TABLE idempotency_key (
    tenant_id     varchar(64)  NOT NULL,
    idem_key      varchar(200) NOT NULL,
    request_hash  varchar(64)  NOT NULL,
    status        integer      NOT NULL,
    location      varchar(300),
    body          text         NOT NULL,
    created_at    timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, idem_key)
);

-- List pages: each indexed sort is an ordered index scan that stops after a page (id breaks ties).
DROP INDEX invoice_tenant_status;
CREATE INDEX invoice_tenant_status ON invoice (tenant_id, status, due_date, id);
CREATE INDEX invoice_tenant_created ON invoice (tenant_id, created_at, id);
CREATE INDEX invoice_tenant_due ON invoice (tenant_id, due_date, id);
CREATE INDEX invoice_tenant_issue ON invoice (tenant_id, issue_date, id);
CREATE INDEX invoice_tenant_total ON invoice (tenant_id, total_amount, id);
CREATE INDEX invoice_tenant_counterparty ON invoice (tenant_id, counterparty_name, id);
CREATE INDEX invoice_tenant_amount_due ON invoice (tenant_id, amount_due, id);
CREATE INDEX invoice_tenant_number ON invoice (tenant_id, number, id);
-- OVERDUE (open, past due) and the cash view read only open invoices
CREATE INDEX invoice_open_due ON invoice (tenant_id, due_date, id)
    WHERE status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE';
-- text search on the counterparty's name and the number (LIKE '%...%')
CREATE INDEX invoice_name_trgm ON invoice USING gin (lower(counterparty_name) gin_trgm_ops);
CREATE INDEX invoice_number_trgm ON invoice USING gin (lower(number) gin_trgm_ops);
