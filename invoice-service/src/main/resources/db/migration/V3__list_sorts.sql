-- descending sorts on the columns a draft leaves empty put the drafts last
CREATE INDEX invoice_tenant_issue_desc ON invoice (tenant_id, issue_date DESC NULLS LAST, id DESC);
CREATE INDEX invoice_tenant_number_desc ON invoice (tenant_id, number DESC NULLS LAST, id DESC);
