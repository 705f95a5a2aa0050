package app.lettrage.reconciliation.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.platform.money.Money;
import app.lettrage.reconciliation.LearnedPayer;
import app.lettrage.reconciliation.OpenItem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One in-memory {@link OpenItemBook} per tenant, built lazily from the database (open items and learned payers) and
 * kept up to date by the changes this replica makes. Every change also bumps the tenant's row in {@code book_version}
 * in the same transaction; a cached book whose version differs from the database's (another replica changed
 * something, or a transaction of ours rolled back) is rebuilt. All of this happens under the tenant's advisory lock
 * (see {@link ReconciliationService#inTenantTransaction}), so one book is never used by two transactions at once.
 */
@ApplicationScoped
public class Books {

    private static final Logger LOG = Logger.getLogger(Books.class);

    static final class Entry {
        final OpenItemBook book;
        volatile long version;

        Entry(OpenItemBook book, long version) {
            this.book = book;
            this.version = version;
        }
    }

    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    /** The tenant's current book; the caller holds the tenant's advisory lock inside a transaction. */
    public Uni<OpenItemBook> current(String tenantId) {
        return version(tenantId).flatMap(version -> {
            Entry e = cache.get(tenantId);
            if (e != null && e.version == version) {
                return Uni.createFrom().item(e.book);
            }
            return rebuild(tenantId, version);
        });
    }

    /** Records a change of the tenant's book in the database; the cached book (already changed) follows it. */
    public Uni<Void> bump(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("INSERT INTO book_version (tenant_id, version) VALUES (?1, 1) "
                                + "ON CONFLICT (tenant_id) DO UPDATE SET version = book_version.version + 1")
                        .setParameter(1, tenantId)
                        .executeUpdate())
                .flatMap(x -> version(tenantId))
                .invoke(v -> {
                    Entry e = cache.get(tenantId);
                    if (e != null) {
                        e.version = v;
                    }
                })
                .replaceWithVoid();
    }

    /** Forgets the tenant's book (after a failed transaction that may have changed it): rebuilt on next use. */
    public void evict(String tenantId) {
        if (cache.remove(tenantId) != null) {
            LOG.debugf("book of tenant %s evicted", tenantId);
        }
    }

    private Uni<Long> version(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("SELECT version FROM book_version WHERE tenant_id = ?1", Long.class)
                        .setParameter(1, tenantId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue());
    }

    private Uni<OpenItemBook> rebuild(String tenantId, long version) {
        long start = System.nanoTime();
        // a projection, not entities: a book of 100,000 invoices must not put 100,000 managed entities (and their
        // dirty-checking snapshots) into the session of the transaction that happens to rebuild it
        return Panache.getSession()
                .flatMap(s -> s.createQuery(
                                "select o.invoiceId, o.direction, o.number, o.paymentReference, o.counterpartyName, "
                                        + "o.counterpartyIban, o.currency, o.totalAmount, o.amountDue, o.issueDate, o.dueDate "
                                        + "from OpenItem o where o.tenantId = ?1 and o.status <> ?2 order by o.invoiceId",
                                Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, OpenItem.Status.CANCELLED)
                        .getResultList()
                        .map(rows ->
                                rows.stream().map(r -> toInvoice(tenantId, r)).toList())
                        .flatMap(items -> s.createQuery(
                                        "from LearnedPayer where tenantId = ?1 order by id", LearnedPayer.class)
                                .setParameter(1, tenantId)
                                .getResultList()
                                .map(learned -> build(tenantId, items, learned))))
                .invoke(book -> {
                    cache.put(tenantId, new Entry(book, version));
                    LOG.infof(
                            "book of tenant %s built: %d invoices (%d open) at version %d in %d ms",
                            tenantId, book.size(), book.openCount(), version, (System.nanoTime() - start) / 1_000_000);
                });
    }

    private static OpenItemBook build(String tenantId, List<Invoice> invoices, List<LearnedPayer> learned) {
        OpenItemBook book = new OpenItemBook(tenantId);
        for (Invoice invoice : invoices) {
            book.upsert(invoice);
        }
        for (LearnedPayer p : learned) {
            book.learn(tenantId, p.counterparty, p.payerIban, p.payerName);
        }
        return book;
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

    /** The engine's view of an open item (its amount due is ours: total less this service's allocations). */
    static Invoice toInvoice(OpenItem item) {
        return new Invoice(
                item.invoiceId,
                item.tenantId,
                Direction.valueOf(item.direction.name()),
                item.number,
                item.paymentReference,
                item.counterpartyName,
                item.counterpartyIban,
                item.currency,
                item.totalAmount,
                item.amountDue,
                item.issueDate,
                item.dueDate);
    }
}
