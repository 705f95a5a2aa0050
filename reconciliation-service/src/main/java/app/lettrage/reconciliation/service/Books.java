package app.lettrage.reconciliation.service;

import app.lettrage.matching.Invoice;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.reconciliation.LearnedPayer;
import app.lettrage.reconciliation.repository.BookVersionRepository;
import app.lettrage.reconciliation.repository.LearnedPayerRepository;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One in-memory {@link OpenItemBook} per tenant, built lazily from the database (open items and learned payers) and
 * kept up to date by the changes this replica makes. Every change also bumps the tenant's row in {@code book_version}
 * in the same transaction; a cached book whose version differs from the database's (another replica changed
 * something, or a transaction of ours rolled back) is rebuilt. All of this happens under the tenant's advisory lock
 * (see {@link TenantLock#inTenantTransaction}), so one book is never used by two transactions at once.
 */
@ApplicationScoped
public class Books {

    private static final class Entry {
        final OpenItemBook book;
        volatile long version;

        Entry(OpenItemBook book, long version) {
            this.book = book;
            this.version = version;
        }
    }

    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final BookVersionRepository versions;
    private final OpenItemRepository openItems;
    private final LearnedPayerRepository learnedPayers;

    public Books(BookVersionRepository versions, OpenItemRepository openItems, LearnedPayerRepository learnedPayers) {
        this.versions = versions;
        this.openItems = openItems;
        this.learnedPayers = learnedPayers;
    }

    /** The tenant's current book; the caller holds the tenant's advisory lock inside a transaction. */
    public Uni<OpenItemBook> current(String tenantId) {
        return versions.version(tenantId).flatMap(version -> {
            Entry e = cache.get(tenantId);
            if (e != null && e.version == version) {
                return Uni.createFrom().item(e.book);
            }
            return rebuild(tenantId, version);
        });
    }

    /**
     * A private book of the tenant built from the database, that no decision uses and nothing keeps: a what-if
     * replay may change it freely. Needs no lock; it is as consistent as the caller's reads.
     */
    public Uni<OpenItemBook> privateCopy(String tenantId) {
        return openItems
                .matchable(tenantId)
                .flatMap(items ->
                        learnedPayers.inLearningOrder(tenantId).map(learned -> build(tenantId, items, learned)));
    }

    /** Records a change of the tenant's book in the database; the cached book (already changed) follows it. */
    public Uni<Void> bump(String tenantId) {
        return versions.bump(tenantId)
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
            Log.debugf("book of tenant %s evicted", tenantId);
        }
    }

    private Uni<OpenItemBook> rebuild(String tenantId, long version) {
        long start = System.nanoTime();
        return openItems
                .matchable(tenantId)
                .flatMap(items ->
                        learnedPayers.inLearningOrder(tenantId).map(learned -> build(tenantId, items, learned)))
                .invoke(book -> {
                    cache.put(tenantId, new Entry(book, version));
                    Log.infof(
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
            book.learn(tenantId, p.counterparty(), p.payerIban(), p.payerName());
        }
        return book;
    }
}
