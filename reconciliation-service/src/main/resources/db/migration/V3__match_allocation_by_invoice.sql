-- An invoice cancelled while a payment for it was in flight: its active matches are found by invoice and undone
-- (ADR 0006). Every InvoiceCancelled looks them up, so the lookup is an index probe, not a scan of every allocation.
CREATE INDEX match_allocation_invoice ON match_allocation (tenant_id, invoice_id);
