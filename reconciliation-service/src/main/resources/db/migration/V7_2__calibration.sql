-- Per-tenant calibration of the auto-match threshold (docs/reconciliation.md, "Calibration"). Off until an admin
-- switches it on; the outcomes below are recorded either way, so switching it on uses the history.
ALTER TABLE matching_settings ADD COLUMN calibration_enabled boolean NOT NULL DEFAULT false;

-- What the engine decided (AUTO_MATCHED, SUGGESTED, UNMATCHED) when the transaction was last decided, and whether a
-- suggestion was only short of the threshold (no veto, not ambiguous): only such suggestions tell what a lower
-- threshold would do. Null for transactions decided before this migration.
ALTER TABLE bank_transaction
    ADD COLUMN engine_status varchar(16),
    ADD COLUMN auto_eligible boolean;
CREATE INDEX bank_transaction_decided ON bank_transaction (tenant_id, decided_at DESC) WHERE engine_status IS NOT NULL;

-- Outcomes per confidence band of one hundredth (band 94 = confidence 0.9400..0.9499), counted, not listed: the
-- rule reads at most 101 rows per tenant on every decision.
CREATE TABLE calibration_band (
    tenant_id     varchar(64) NOT NULL,
    band          smallint    NOT NULL CHECK (band >= 0 AND band <= 100),
    -- suggestions short of the threshold only, that a person confirmed as proposed (candidate 0)
    confirmed     bigint      NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
    -- ... that a person rejected, confirmed on another candidate or matched by hand to other invoices
    rejected      bigint      NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    -- automatic matches made at this confidence, and those of them a person undid
    auto_matched  bigint      NOT NULL DEFAULT 0 CHECK (auto_matched >= 0),
    auto_undone   bigint      NOT NULL DEFAULT 0 CHECK (auto_undone >= 0),
    PRIMARY KEY (tenant_id, band)
);
