package app.lettrage.invoice.repository;

import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.platform.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query names the tenant: another tenant's invoice is simply not found. */
@ApplicationScoped
@WithSession
public class InvoiceRepository implements PanacheRepositoryBase<Invoice, UUID> {

    public Uni<Invoice> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The invoice with a row lock held until the transaction ends (payments of several replicas serialise). */
    public Uni<Invoice> lockForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * The tenant's invoices among {@code ids}, row-locked until the transaction ends, locked in id order: two batches
     * of payments naming the same invoices take their locks in the same order, so neither waits on the other forever.
     */
    public Uni<List<Invoice>> lockAll(String tenantId, java.util.Collection<UUID> ids) {
        return find("tenantId = ?1 and id in ?2 order by id", tenantId, ids).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Writes the balances of invoices changed by payments (amount due, credit, write-off, status, update time) with
     * one UPDATE per batch, and moves their version on (an ETag taken before the payment no longer matches). The
     * caller holds their row locks ({@link #lockAll}) and has detached them from the session.
     */
    public Uni<Void> updateBalances(List<Invoice> changed) {
        return SqlRows.inChunks(changed, 7, chunk -> getSession().flatMap(s -> {
            var q = s.createNativeQuery("UPDATE invoice AS i SET amount_due = v.amount_due, credit_amount = v.credit_amount,"
                    + " written_off_amount = v.written_off_amount, status = v.status, updated_at = v.updated_at,"
                    + " version = i.version + 1"
                    + " FROM (VALUES " + SqlRows.values(chunk.size(), "uuid", "varchar", "numeric", "numeric", "numeric", "varchar", "timestamptz")
                    + ") AS v (id, tenant_id, amount_due, credit_amount, written_off_amount, status, updated_at)"
                    + " WHERE i.id = v.id AND i.tenant_id = v.tenant_id");
            int p = 0;
            for (Invoice inv : chunk) {
                q.setParameter(++p, inv.id);
                q.setParameter(++p, inv.tenantId);
                q.setParameter(++p, inv.amountDue);
                q.setParameter(++p, inv.creditAmount);
                q.setParameter(++p, inv.writtenOffAmount);
                q.setParameter(++p, inv.status.name());
                q.setParameter(++p, inv.updatedAt);
            }
            return q.executeUpdate().invoke(n -> {
                if (n != chunk.size()) { // the rows are locked by the caller: a miss is a bug, not a race
                    throw new IllegalStateException("updated " + n + " of " + chunk.size() + " invoice balances");
                }
            });
        }));
    }

    /** A page of the tenant's invoices matching the filter, in the filter's order (newest first by default). */
    public Uni<List<Invoice>> list(String tenantId, InvoiceFilter f, LocalDate today, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(tenantId, f, today, params);
        String order = "created_at DESC, id DESC";
        if (f.sort() != null) {
            boolean desc = f.sort().startsWith("-");
            String column = InvoiceFilter.SORTABLE.get(desc ? f.sort().substring(1) : f.sort());
            // drafts have no number or issue date yet: at the end in both directions
            order = desc ? column + (NULLABLE.contains(column) ? " DESC NULLS LAST" : " DESC") + ", id DESC" : column + ", id";
        }
        String sql = "SELECT * FROM invoice WHERE " + where + " ORDER BY " + order
                + " LIMIT " + size + " OFFSET " + ((long) page * size);
        return getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql, Invoice.class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getResultList();
        });
    }

    /** How many invoices match, counted up to {@code cap} (a list of a million rows is not counted to the last). */
    public Uni<Long> count(String tenantId, InvoiceFilter f, LocalDate today, long cap) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) FROM (SELECT 1 FROM invoice WHERE " + where(tenantId, f, today, params)
                + " LIMIT " + cap + ") c";
        return getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql, Long.class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getSingleResult();
        });
    }

    private static String where(String tenantId, InvoiceFilter f, LocalDate today, List<Object> p) {
        StringBuilder q = new StringBuilder("tenant_id = ?" + add(p, tenantId));
        InvoiceStatus status = f.status();
        if (status == InvoiceStatus.OVERDUE) {
            // the literal predicate of the partial index invoice_open_due
            q.append(" AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE' AND due_date < ?").append(add(p, today));
        } else if ((status == InvoiceStatus.ISSUED || status == InvoiceStatus.PARTIALLY_PAID) && f.kind() != InvoiceKind.CREDIT_NOTE) {
            // invoices issued and not overdue (a credit note, never overdue, is listed with kind=CREDIT_NOTE)
            q.append(" AND status = ?").append(add(p, status.name())).append(" AND kind = 'INVOICE' AND due_date >= ?").append(add(p, today));
        } else if (status != null) {
            q.append(" AND status = ?").append(add(p, status.name()));
        }
        if (f.direction() != null) {
            q.append(" AND direction = ?").append(add(p, f.direction().name()));
        }
        if (f.kind() != null) {
            q.append(" AND kind = ?").append(add(p, f.kind().name()));
        }
        if (f.counterparty() != null) {
            q.append(" AND lower(counterparty_name) LIKE ?").append(add(p, "%" + like(f.counterparty()) + "%"));
        }
        if (f.text() != null) {
            String text = "%" + like(f.text()) + "%";
            q.append(" AND (lower(number) LIKE ?").append(add(p, text))
                    .append(" OR lower(counterparty_name) LIKE ?").append(add(p, text)).append(")");
        }
        if (f.dueFrom() != null) {
            q.append(" AND due_date >= ?").append(add(p, f.dueFrom()));
        }
        if (f.dueTo() != null) {
            q.append(" AND due_date <= ?").append(add(p, f.dueTo()));
        }
        if (f.issueFrom() != null) {
            q.append(" AND issue_date >= ?").append(add(p, f.issueFrom()));
        }
        if (f.issueTo() != null) {
            q.append(" AND issue_date <= ?").append(add(p, f.issueTo()));
        }
        if (f.minTotal() != null) {
            q.append(" AND total_amount >= ?").append(add(p, f.minTotal()));
        }
        if (f.maxTotal() != null) {
            q.append(" AND total_amount <= ?").append(add(p, f.maxTotal()));
        }
        return q.toString();
    }

    private static final java.util.Set<String> NULLABLE = java.util.Set.of("number", "issue_date");

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }

    /**
     * Open invoices' amounts due by direction, currency and age (days past due as of {@code today}): rows of
     * direction, currency, not yet due, 1–30, 31–60, 61–90, over 90.
     */
    public Uni<List<Object[]>> aging(String tenantId, LocalDate today) {
        String sql = """
                SELECT direction, currency,
                       coalesce(sum(amount_due) FILTER (WHERE due_date >= d.t), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t AND due_date >= d.t - 30), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t - 30 AND due_date >= d.t - 60), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t - 60 AND due_date >= d.t - 90), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t - 90), 0)
                FROM invoice, (SELECT CAST(?2 AS date) AS t) d
                WHERE tenant_id = ?1 AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE'
                GROUP BY direction, currency ORDER BY direction, currency""";
        return getSession().flatMap(s -> s.createNativeQuery(sql, Object[].class)
                .setParameter(1, tenantId).setParameter(2, today).getResultList());
    }

    /** Open amounts due per ISO week (Monday) of their due date, due from {@code from} to before {@code to}. */
    public Uni<List<Object[]>> dueByWeek(String tenantId, LocalDate from, LocalDate to) {
        String sql = """
                SELECT CAST(date_trunc('week', due_date) AS date) AS week, direction, currency, sum(amount_due)
                FROM invoice
                WHERE tenant_id = ?1 AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE'
                  AND due_date >= ?2 AND due_date < ?3
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""";
        return getSession().flatMap(s -> s.createNativeQuery(sql, Object[].class)
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to).getResultList());
    }

    /** A supplier's document with this number already exists in the tenant (purchase numbers are the supplier's). */
    public Uni<Boolean> supplierNumberTaken(String tenantId, String supplierKey, app.lettrage.invoice.InvoiceKind kind,
            String number, UUID except) {
        return count("tenantId = ?1 and supplierKey = ?2 and kind = ?3 and number = ?4 and id <> ?5 and direction = ?6",
                tenantId, supplierKey, kind, number, except, app.lettrage.events.InvoiceDirection.PURCHASE).map(n -> n > 0);
    }

    /** Lower case, with LIKE's wildcards taken literally. */
    private static String like(String s) {
        return s.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * The next number of a tenant's series, gapless: the upsert locks the series row until commit, so concurrent
     * issuers take turns, and a rollback returns the number.
     */
    public Uni<Long> nextNumber(String tenantId, String series) {
        return getSession().flatMap(s -> s.createNativeQuery(
                        "INSERT INTO invoice_series (tenant_id, series, next_value) VALUES (?1, ?2, 2)"
                                + " ON CONFLICT (tenant_id, series) DO UPDATE SET next_value = invoice_series.next_value + 1"
                                + " RETURNING next_value - 1", Long.class)
                .setParameter(1, tenantId)
                .setParameter(2, series)
                .getSingleResult());
    }
}
