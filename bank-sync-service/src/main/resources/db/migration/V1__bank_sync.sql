-- A tenant's bank account. Its IBAN is unique within the tenant (another tenant may hold the same account).
CREATE TABLE bank_account (
    id          uuid PRIMARY KEY,
    tenant_id   varchar(64)  NOT NULL,
    iban        varchar(34)  NOT NULL,
    currency    char(3)      NOT NULL,
    name        varchar(200),
    created_at  timestamptz  NOT NULL,
    CONSTRAINT bank_account_iban_unique UNIQUE (tenant_id, iban)
);

-- Every imported bank transaction, whatever its source (API batch, statement file, open-banking sync).
-- id is the transactionId published in TransactionImported.
--
-- Deduplication: dedup_key is unique per account. It is the bank's own transaction id (bank_reference) when the
-- source gives one, else "fp:" + SHA-256 over (account, status, booking date, amount, counterparty IBAN and name,
-- remittance) plus the occurrence of that fingerprint within the import, so that two genuine identical payments
-- on one day are both kept and re-importing the same data keeps nothing. fingerprint and occurrence are stored
-- as well, for the later sources (a pending transaction replaced by its booked one, overlapping sync windows).
CREATE TABLE bank_transaction (
    id                        uuid PRIMARY KEY,
    seq                       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,   -- import order, the last tie-break
    tenant_id                 varchar(64)   NOT NULL,
    account_id                uuid          NOT NULL REFERENCES bank_account (id),
    source                    varchar(16)   NOT NULL,
    status                    varchar(16)   NOT NULL,
    amount                    numeric(19,4) NOT NULL,                      -- signed: + money in, - money out
    currency                  char(3)       NOT NULL,
    booking_date              date          NOT NULL,
    value_date                date,
    counterparty_name         varchar(200),
    counterparty_iban         varchar(34),
    counterparty_bic          varchar(11),
    remittance_information    varchar(1000),
    structured_reference      varchar(64),
    structured_reference_type varchar(16),
    end_to_end_id             varchar(64),
    bank_transaction_code     varchar(64),
    bank_reference            varchar(128),                                -- the bank's own id of the transaction
    provider_transaction_id   varchar(128),                                -- the open-banking provider's id (later)
    fingerprint               char(64)      NOT NULL,
    occurrence                integer       NOT NULL,
    dedup_key                 varchar(160)  NOT NULL,
    imported_at               timestamptz   NOT NULL,
    supersedes_transaction_id uuid REFERENCES bank_transaction (id),
    CONSTRAINT bank_transaction_source CHECK (source IN ('OPEN_BANKING', 'FILE', 'API')),
    CONSTRAINT bank_transaction_status CHECK (status IN ('BOOKED', 'PENDING')),
    CONSTRAINT bank_transaction_occurrence CHECK (occurrence >= 1),
    CONSTRAINT bank_transaction_dedup UNIQUE (tenant_id, account_id, dedup_key)
);
CREATE INDEX bank_transaction_account_booked ON bank_transaction (tenant_id, account_id, booking_date DESC, seq DESC);
