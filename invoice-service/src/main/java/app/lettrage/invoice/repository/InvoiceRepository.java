package app.lettrage.invoice.repository;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.SeriesNumber;
import app.lettrage.platform.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.Collection;
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
        return find("tenantId = ?1 and id = ?2", tenantId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** {@link #lockForTenant}, at the version the client read when it names one (412 otherwise). */
    public Uni<Invoice> lockAt(String tenantId, UUID id, Long expectedVersion) {
        return lockForTenant(tenantId, id).onItem().ifNotNull().invoke(inv -> inv.requireVersion(expectedVersion));
    }

    /**
     * The tenant's invoices among {@code ids}, row-locked until the transaction ends, locked in id order: two batches
     * of payments naming the same invoices take their locks in the same order, so neither waits on the other forever.
     */
    public Uni<List<Invoice>> lockAll(String tenantId, Collection<UUID> ids) {
        return find("tenantId = ?1 and id in ?2 order by id", tenantId, ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /**
     * Writes the balances of invoices changed by payments (amount due, credit, write-off, status, update time) with
     * one UPDATE per batch, and moves their version on (an ETag taken before the payment no longer matches). The
     * caller holds their row locks ({@link #lockAll}) and has detached them from the session.
     */
    public Uni<Void> updateBalances(List<Invoice> changed) {
        return SqlRows.inChunks(
                changed,
                7,
                chunk -> getSession().flatMap(s -> {
                    var q = s.createNativeQuery(
                            "UPDATE invoice AS i SET amount_due = v.amount_due, credit_amount = v.credit_amount,"
                                    + " written_off_amount = v.written_off_amount, status = v.status, updated_at = v.updated_at,"
                                    + " version = i.version + 1"
                                    + " FROM (VALUES "
                                    + SqlRows.values(
                                            chunk.size(),
                                            "uuid",
                                            "varchar",
                                            "numeric",
                                            "numeric",
                                            "numeric",
                                            "varchar",
                                            "timestamptz")
                                    + ") AS v (id, tenant_id, amount_due, credit_amount, written_off_amount, status, updated_at)"
                                    + " WHERE i.id = v.id AND i.tenant_id = v.tenant_id");
                    int p = 0;
                    for (Invoice inv : chunk) {
                        q.setParameter(++p, inv.id);
                        q.setParameter(++p, inv.tenantId);
                        q.setParameter(++p, inv.balance.amountDue);
                        q.setParameter(++p, inv.balance.creditAmount);
                        q.setParameter(++p, inv.balance.writtenOffAmount);
                        q.setParameter(++p, inv.status.name());
                        q.setParameter(++p, inv.updatedAt);
                    }
                    return q.executeUpdate().invoke(n -> {
                        if (n != chunk.size()) { // the rows are locked by the caller: a miss is a bug, not a race
                            throw new IllegalStateException(
                                    "updated " + n + " of " + chunk.size() + " invoice balances");
                        }
                    });
                }));
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
        return getSession()
                .flatMap(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, today)
                        .getResultList());
    }

    /** Open amounts due per ISO week (Monday) of their due date, due from {@code from} to before {@code to}. */
    public Uni<List<Object[]>> dueByWeek(String tenantId, LocalDate from, LocalDate to) {
        String sql = """
                SELECT CAST(date_trunc('week', due_date) AS date) AS week, direction, currency, sum(amount_due)
                FROM invoice
                WHERE tenant_id = ?1 AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE'
                  AND due_date >= ?2 AND due_date < ?3
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""";
        return getSession()
                .flatMap(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, from)
                        .setParameter(3, to)
                        .getResultList());
    }

    /** A supplier's document with this number already exists in the tenant (purchase numbers are the supplier's). */
    public Uni<Boolean> supplierNumberTaken(
            String tenantId, String supplierKey, InvoiceKind kind, String number, UUID except) {
        return count(
                        "tenantId = ?1 and supplierKey = ?2 and kind = ?3 and number = ?4 and id <> ?5 and direction = ?6",
                        tenantId,
                        supplierKey,
                        kind,
                        number,
                        except,
                        InvoiceDirection.PURCHASE)
                .map(n -> n > 0);
    }

    /**
     * The next number of a tenant's series, gapless: the upsert locks the series row until commit, so concurrent
     * issuers take turns, and a rollback returns the number.
     */
    public Uni<SeriesNumber> nextNumber(String tenantId, String prefix, int year) {
        return getSession()
                .flatMap(s -> s.createNativeQuery(
                                "INSERT INTO invoice_series (tenant_id, series, next_value) VALUES (?1, ?2, 2)"
                                        + " ON CONFLICT (tenant_id, series) DO UPDATE SET next_value = invoice_series.next_value + 1"
                                        + " RETURNING next_value - 1",
                                Long.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, SeriesNumber.series(prefix, year))
                        .getSingleResult())
                .map(n -> new SeriesNumber(prefix, year, n));
    }
}
