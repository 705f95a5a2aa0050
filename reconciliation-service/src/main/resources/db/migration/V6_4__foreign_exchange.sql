-- Payments converted from another currency (TransactionImported.instructedAmount / exchangeRate): kept with the
-- transaction so that it is decided again with them (an invoice that opens later, a cancelled match).
ALTER TABLE bank_transaction ADD COLUMN instructed_amount numeric(19,4);
ALTER TABLE bank_transaction ADD COLUMN instructed_currency bpchar(3);
ALTER TABLE bank_transaction ADD COLUMN exchange_rate numeric(18,10);
ALTER TABLE bank_transaction ADD COLUMN exchange_rate_currency bpchar(3);
-- the currency of the invoices a converted payment may settle, for the look-up of waiting transactions
ALTER TABLE bank_transaction ADD COLUMN converted_from bpchar(3);
CREATE INDEX bank_transaction_waiting_converted ON bank_transaction (tenant_id, converted_from)
    WHERE converted_from IS NOT NULL AND state IN ('UNMATCHED', 'SUGGESTED');
-- the realised FX difference of an allocation settled by a payment converted at the bank's rate, in the invoice's
-- currency: part of amount that the converted money did not cover (positive) or covered beyond it (negative)
ALTER TABLE match_allocation ADD COLUMN fx_difference numeric(19,4);
-- the relative gap accepted between a converted payment and the amount due (0..0.10)
ALTER TABLE matching_settings ADD COLUMN fx_tolerance numeric(5,4) NOT NULL DEFAULT 0.02
    CHECK (fx_tolerance >= 0 AND fx_tolerance <= 0.10);
