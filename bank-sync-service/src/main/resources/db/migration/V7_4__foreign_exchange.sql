-- A payment converted from another currency: the amount the payer instructed (camt AmtDtls/InstdAmt) and the bank's
-- rate, oriented as one unit of exchange_rate_currency in units of the account's currency. Published in
-- TransactionImported; reconciliation matches invoices in that currency with them. Null for an ordinary payment.
ALTER TABLE bank_transaction ADD COLUMN instructed_amount numeric(19, 4);
ALTER TABLE bank_transaction ADD COLUMN instructed_currency bpchar(3);
ALTER TABLE bank_transaction ADD COLUMN exchange_rate numeric(18, 10);
ALTER TABLE bank_transaction ADD COLUMN exchange_rate_currency bpchar(3);
ALTER TABLE bank_transaction ADD CONSTRAINT bank_transaction_instructed_amount_positive
    CHECK (instructed_amount IS NULL OR (instructed_amount > 0 AND instructed_currency IS NOT NULL));
ALTER TABLE bank_transaction ADD CONSTRAINT bank_transaction_exchange_rate_positive
    CHECK (exchange_rate IS NULL OR (exchange_rate > 0 AND exchange_rate_currency IS NOT NULL));
