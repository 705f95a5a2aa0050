-- A payment the bank undid (PaymentReversed): the line that reversed it and the bank's return reason code, shown on
-- the invoice. Null for a payment undone by a person or by reconciliation (PaymentUnmatched) and for one not reversed.
ALTER TABLE invoice_payment ADD COLUMN reversal_transaction_id varchar(64);
ALTER TABLE invoice_payment ADD COLUMN return_reason varchar(35);
