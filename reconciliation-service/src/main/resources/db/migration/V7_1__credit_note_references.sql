-- Partial credit notes of an invoice (InvoiceChanged CREDITED): what they took off its total, so that the amount due
-- here (total less credit notes less our allocations) is what a payer pays, and their numbers (a JSON array of
-- strings), which a payer quotes as he deducts them.
ALTER TABLE open_item ADD COLUMN credited_amount numeric(19,4) NOT NULL DEFAULT 0;
ALTER TABLE open_item ADD COLUMN credit_note_numbers text;
