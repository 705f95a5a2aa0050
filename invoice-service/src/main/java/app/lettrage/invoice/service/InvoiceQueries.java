package app.lettrage.invoice.service;

import app.lettrage.invoice.InvoicePayment;
import app.lettrage.invoice.repository.InvoiceFilter;
import app.lettrage.invoice.repository.InvoiceLineRepository;
import app.lettrage.invoice.repository.InvoicePaymentRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.invoice.repository.InvoiceSearch;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What a person reads: one invoice with its lines, a page of invoices, an invoice's payments. */
@ApplicationScoped
public class InvoiceQueries {

    /**
     * List totals are counted up to this many rows; beyond, the total is a lower bound (totalExact false): counting
     * every match of a broad filter over a million invoices would cost more than the page itself.
     */
    public static final long COUNT_CAP = 1_000;

    private final InvoiceRepository invoices;
    private final InvoiceSearch search;
    private final InvoiceLineRepository lines;
    private final InvoicePaymentRepository payments;
    private final InvoiceSettings settings;
    private final Clock clock;

    public InvoiceQueries(
            InvoiceRepository invoices,
            InvoiceSearch search,
            InvoiceLineRepository lines,
            InvoicePaymentRepository payments,
            InvoiceSettings settings,
            Clock clock) {
        this.invoices = invoices;
        this.search = search;
        this.lines = lines;
        this.payments = payments;
        this.settings = settings;
        this.clock = clock;
    }

    /** The tenant's invoice with its lines, or null when the tenant has no such invoice. */
    @WithTransaction
    public Uni<InvoiceDetail> get(String tenantId, UUID id) {
        return invoices.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> lines.forInvoice(id)
                        .flatMap(ls -> settings.of(tenantId).map(s -> new InvoiceDetail(inv, ls, s.today(clock)))));
    }

    /** A page of the tenant's invoices; a first page shorter than {@code size} needs no count. */
    @WithTransaction
    public Uni<InvoicePage> list(String tenantId, InvoiceFilter filter, int page, int size) {
        return settings.of(tenantId).flatMap(s -> {
            LocalDate today = s.today(clock);
            return search.page(tenantId, filter, today, page, size).flatMap(items -> {
                if (page == 0 && items.size() < size) {
                    return Uni.createFrom().item(new InvoicePage(items, items.size(), true, today));
                }
                return search.countUpTo(tenantId, filter, today, COUNT_CAP + 1)
                        .map(n -> new InvoicePage(items, Math.min(n, COUNT_CAP), n <= COUNT_CAP, today));
            });
        });
    }

    /** The invoice's payments, reversed ones included, or null when the invoice is not the tenant's. */
    @WithTransaction
    public Uni<List<InvoicePayment>> payments(String tenantId, UUID id) {
        return invoices.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> payments.forInvoice(tenantId, id));
    }
}
