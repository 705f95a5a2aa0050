-- A line that undoes an earlier payment (a returned direct debit, a returned or reversed credit transfer, a
-- chargeback: camt RvslInd, MT940 RC/RD, an ISO bank transaction code of a reversal sub-family) and the bank's return
-- reason code (ISO 20022 Max35Text). Published in TransactionImported; reconciliation links it to the payment it undoes.
ALTER TABLE bank_transaction ADD COLUMN reversal boolean NOT NULL DEFAULT false;
ALTER TABLE bank_transaction ADD COLUMN return_reason varchar(35);
