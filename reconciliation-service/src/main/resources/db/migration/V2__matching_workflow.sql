-- The matching engine's view of an invoice needs its issue date (a payment long before it is implausible).
ALTER TABLE open_item ADD COLUMN issue_date date;

-- Per-tenant version of everything the in-memory open-item book is built from (open items, learned payers,
-- settings). Bumped in the transaction of every change, read under the tenant's advisory lock: a replica whose
-- cached book has another version rebuilds it from the database.
CREATE TABLE book_version (
    tenant_id   varchar(64) PRIMARY KEY,
    version     bigint      NOT NULL
);

-- What the engine needs of a transaction, and its decision (state, confidence, reasons, candidates as JSON).
ALTER TABLE bank_transaction
    ADD COLUMN account_iban              varchar(34),
    ADD COLUMN value_date                date,
    ADD COLUMN end_to_end_id             varchar(140),
    ADD COLUMN bank_transaction_code     varchar(64),
    ADD COLUMN supersedes_transaction_id varchar(64),
    ADD COLUMN text_key                  text,
    ADD COLUMN confidence                numeric(5,4),
    ADD COLUMN candidates                text,
    ADD COLUMN decided_at                timestamptz;
CREATE INDEX bank_transaction_supersedes ON bank_transaction (supersedes_transaction_id) WHERE supersedes_transaction_id IS NOT NULL;
CREATE INDEX bank_transaction_waiting ON bank_transaction (tenant_id, currency, booking_date) WHERE state IN ('UNMATCHED', 'SUGGESTED');

-- The part of an allocation written off within tolerance (bank fee, early-payment discount); amount includes it.
ALTER TABLE match_allocation ADD COLUMN write_off numeric(19,4);

-- A person said "not this invoice" for this transaction: never suggested or matched again for it.
CREATE TABLE rejected_candidate (
    tenant_id       varchar(64)  NOT NULL,
    transaction_id  varchar(64)  NOT NULL REFERENCES bank_transaction (transaction_id),
    invoice_id      varchar(64)  NOT NULL,
    rejected_by     varchar(100) NOT NULL,
    rejected_at     timestamptz  NOT NULL,
    PRIMARY KEY (transaction_id, invoice_id)
);

-- Payers learned from confirmed and manual matches (and auto-matches whose payer name agrees): the payer's IBAN
-- and name pay for this counterparty. Fed to the book on every rebuild, in order.
CREATE TABLE learned_payer (
    id                  bigserial    PRIMARY KEY,
    tenant_id           varchar(64)  NOT NULL,
    counterparty        varchar(200) NOT NULL,
    payer_iban          varchar(34),
    payer_name          varchar(200),
    source              varchar(16)  NOT NULL,
    learned_at          timestamptz  NOT NULL
);
CREATE INDEX learned_payer_tenant ON learned_payer (tenant_id, id);

-- Per-tenant matching settings; absent = the engine's defaults.
CREATE TABLE matching_settings (
    tenant_id                       varchar(64)   PRIMARY KEY,
    auto_match_threshold            numeric(5,4)  NOT NULL,
    suggest_threshold               numeric(5,4)  NOT NULL,
    ambiguity_margin                numeric(5,4)  NOT NULL,
    fee_tolerance_absolute          numeric(19,4) NOT NULL,
    fee_tolerance_relative          numeric(5,4)  NOT NULL,
    discount_tolerance              numeric(5,4)  NOT NULL,
    overpayment_tolerance_absolute  numeric(19,4) NOT NULL,
    overpayment_tolerance_relative  numeric(5,4)  NOT NULL,
    name_similarity_threshold       numeric(5,4)  NOT NULL,
    max_days_before_issue           integer       NOT NULL,
    updated_by                      varchar(100)  NOT NULL,
    updated_at                      timestamptz   NOT NULL
);
