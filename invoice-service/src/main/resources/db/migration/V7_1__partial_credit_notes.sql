-- Partial credit notes: what they took off an invoice's total (its amount due dropped by as much), and the look-up of
-- an invoice's credit notes (its view and its InvoiceChanged list them).
ALTER TABLE invoice ADD COLUMN credited_amount numeric(19,4) NOT NULL DEFAULT 0;
ALTER TABLE invoice ADD CONSTRAINT invoice_credited_range
    CHECK (credited_amount >= 0 AND credited_amount + amount_due <= total_amount);
CREATE INDEX invoice_credit_notes ON invoice (tenant_id, credit_note_for) WHERE credit_note_for IS NOT NULL;
