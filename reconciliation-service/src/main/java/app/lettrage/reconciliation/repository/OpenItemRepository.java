package app.lettrage.reconciliation.repository;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
import app.lettrage.platform.money.Money;
import app.lettrage.reconciliation.OpenItem;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
@WithSession
public class OpenItemRepository implements PanacheRepositoryBase<OpenItem, String> {

    public Uni<OpenItem> lockForTenant(String tenantId, String invoiceId) {
        return find("tenantId = ?1 and invoiceId = ?2", tenantId, invoiceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /**
     * The tenant's items that are not cancelled, as the engine sees them, in invoice id order. A projection, not
     * entities: a book of 100,000 invoices must not put 100,000 managed entities (and their dirty-checking snapshots)
     * into the session of the transaction that happens to build it.
     */
    public Uni<List<Invoice>> matchable(String tenantId) {
        return getSession()
                .flatMap(s -> s.createQuery(
                                "select o.invoiceId, o.direction, o.number, o.paymentReference, o.counterpartyName, "
                                        + "o.counterpartyIban, o.currency, o.totalAmount, o.amountDue, o.issueDate, o.dueDate "
                                        + "from OpenItem o where o.tenantId = ?1 and o.status <> ?2 order by o.invoiceId",
                                Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, OpenItem.Status.CANCELLED)
                        .getResultList())
                .map(rows -> rows.stream().map(r -> toInvoice(tenantId, r)).toList());
    }

    private static Invoice toInvoice(String tenantId, Object[] r) {
        String currency = (String) r[6];
        return new Invoice(
                (String) r[0],
                tenantId,
                Direction.valueOf(((InvoiceDirection) r[1]).name()),
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (String) r[5],
                currency,
                Money.of((BigDecimal) r[7], currency),
                Money.of((BigDecimal) r[8], currency),
                (LocalDate) r[9],
                (LocalDate) r[10]);
    }
}
