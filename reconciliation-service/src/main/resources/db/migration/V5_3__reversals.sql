-- A line that undoes an earlier payment (TransactionImported.reversal) and the bank's return reason code; a reversal
-- is linked to the payment it undoes (reverses_transaction_id on the reversal, reversed_by_transaction_id on the
-- payment). A payment is undone by one reversal at most.
ALTER TABLE bank_transaction ADD COLUMN reversal boolean NOT NULL DEFAULT false;
ALTER TABLE bank_transaction ADD COLUMN return_reason varchar(35);
ALTER TABLE bank_transaction ADD COLUMN reverses_transaction_id varchar(64);
ALTER TABLE bank_transaction ADD COLUMN reversed_by_transaction_id varchar(64);
CREATE UNIQUE INDEX bank_transaction_reversed_once ON bank_transaction (reverses_transaction_id)
    WHERE reverses_transaction_id IS NOT NULL;
-- reversals that wait for the payment they undo, looked up when a payment arrives
CREATE INDEX bank_transaction_waiting_reversal ON bank_transaction (tenant_id, account_id, amount)
    WHERE reversal AND state = 'UNMATCHED';
