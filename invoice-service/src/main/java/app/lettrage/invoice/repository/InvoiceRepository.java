package app.lettrage.invoice.repository;

import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
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

    public Uni<List<Invoice>> list(String tenantId, InvoiceFilter f, LocalDate today, int page, int size) {
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Parameters p = Parameters.with("tenant", tenantId);
        InvoiceStatus status = f.status();
        if (status == InvoiceStatus.OVERDUE) {
            q.append(" and status in ('ISSUED', 'PARTIALLY_PAID') and dueDate < :today");
            p.and("today", today);
        } else if (status == InvoiceStatus.ISSUED || status == InvoiceStatus.PARTIALLY_PAID) {
            q.append(" and status = :status and dueDate >= :today");
            p.and("status", status).and("today", today);
        } else if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        if (f.direction() != null) {
            q.append(" and direction = :direction");
            p.and("direction", f.direction());
        }
        if (f.counterparty() != null) {
            q.append(" and lower(counterpartyName) like :counterparty");
            p.and("counterparty", "%" + like(f.counterparty()) + "%");
        }
        if (f.text() != null) {
            q.append(" and (lower(number) like :text or lower(counterpartyName) like :text)");
            p.and("text", "%" + like(f.text()) + "%");
        }
        if (f.dueFrom() != null) {
            q.append(" and dueDate >= :dueFrom");
            p.and("dueFrom", f.dueFrom());
        }
        if (f.dueTo() != null) {
            q.append(" and dueDate <= :dueTo");
            p.and("dueTo", f.dueTo());
        }
        if (f.minTotal() != null) {
            q.append(" and totalAmount >= :minTotal");
            p.and("minTotal", f.minTotal());
        }
        if (f.maxTotal() != null) {
            q.append(" and totalAmount <= :maxTotal");
            p.and("maxTotal", f.maxTotal());
        }
        Sort sort = Sort.descending("createdAt");
        if (f.sort() != null) {
            boolean desc = f.sort().startsWith("-");
            String field = InvoiceFilter.SORTABLE.get(desc ? f.sort().substring(1) : f.sort());
            sort = desc ? Sort.descending(field) : Sort.ascending(field);
        }
        return find(q.toString(), sort.and("id"), p).page(Page.of(page, size)).list();
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
