package app.lettrage.invoice.service;

import app.lettrage.invoice.Draft;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceLine;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.repository.InvoiceLineRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An accountant writes drafts: creates one, replaces its content, or changes some of its fields. */
@ApplicationScoped
public class DraftInvoices {

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final InvoiceSettings settings;
    private final SupplierNumbers supplierNumbers;
    private final AmendIssuedInvoice amendIssued;
    private final Clock clock;

    public DraftInvoices(
            InvoiceRepository invoices,
            InvoiceLineRepository lines,
            InvoiceSettings settings,
            SupplierNumbers supplierNumbers,
            AmendIssuedInvoice amendIssued,
            Clock clock) {
        this.invoices = invoices;
        this.lines = lines;
        this.settings = settings;
        this.supplierNumbers = supplierNumbers;
        this.amendIssued = amendIssued;
        this.clock = clock;
    }

    /** A new draft; its totals come from its lines, its rounding from the tenant's settings. */
    @WithTransaction
    public Uni<InvoiceDetail> create(String tenantId, Draft d) {
        return settings.of(tenantId).flatMap(s -> {
            Instant now = clock.instant();
            Invoice inv = Invoice.draft(tenantId, d.direction(), s.rounding, now);
            List<InvoiceLine> ls = DraftContent.write(inv, d, now);
            return supplierNumbers
                    .requireUnused(inv)
                    .flatMap(x -> invoices.persist(inv))
                    .flatMap(x -> persist(ls))
                    .call(invoices::flush)
                    .map(x -> new InvoiceDetail(inv, ls, s.today(clock)));
        });
    }

    /** Replaces a draft's whole content (PUT); only a draft, only at the version the client read. */
    @WithTransaction
    public Uni<InvoiceDetail> replace(String tenantId, UUID id, long expectedVersion, Draft d) {
        return invoices.lockAt(tenantId, id, expectedVersion)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> {
                    inv.requireDraft();
                    if (d.direction() != inv.direction) {
                        throw ProblemException.badRequest(
                                "direction",
                                "a draft keeps its direction (" + inv.direction + "); create another invoice instead");
                    }
                    List<InvoiceLine> ls = DraftContent.write(inv, d, clock.instant());
                    return supplierNumbers
                            .requireUnused(inv)
                            .flatMap(x -> lines.deleteForInvoice(inv.id))
                            .flatMap(x -> persist(ls))
                            .call(invoices::flush)
                            .flatMap(x -> settings.of(tenantId))
                            .map(s -> new InvoiceDetail(inv, ls, s.today(clock)));
                });
    }

    /**
     * A partial update (PATCH) of the fields {@code present} in it. A draft may change anything (lines are replaced as
     * a whole when given); an issued invoice goes to {@link AmendIssuedInvoice}.
     */
    @WithTransaction
    public Uni<InvoiceDetail> patch(String tenantId, UUID id, long expectedVersion, Draft patch, Set<String> present) {
        return invoices.lockAt(tenantId, id, expectedVersion)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> lines.forInvoice(inv.id)
                        .flatMap(current -> settings.of(tenantId).flatMap(s -> {
                            if (inv.status != InvoiceStatus.DRAFT) {
                                return amendIssued.amend(inv, current, patch, present, s.today(clock));
                            }
                            Draft merged = DraftContent.merge(inv, current, patch, present);
                            List<InvoiceLine> ls = DraftContent.write(inv, merged, clock.instant());
                            boolean newLines = present.contains("lines")
                                    || present.contains("totalAmount")
                                    || present.contains("currency");
                            Uni<?> write = newLines
                                    ? lines.deleteForInvoice(inv.id).flatMap(x -> persist(ls))
                                    : Uni.createFrom().voidItem();
                            List<InvoiceLine> shown = newLines ? ls : current;
                            return supplierNumbers
                                    .requireUnused(inv)
                                    .flatMap(x -> write)
                                    .call(invoices::flush)
                                    .map(x -> new InvoiceDetail(inv, shown, s.today(clock)));
                        })));
    }

    private Uni<Void> persist(List<InvoiceLine> ls) {
        return ls.isEmpty() ? Uni.createFrom().voidItem() : lines.persist(ls);
    }
}
