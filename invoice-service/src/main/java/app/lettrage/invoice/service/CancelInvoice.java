package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.InvoiceLine;
import app.lettrage.invoice.SeriesNumber;
import app.lettrage.invoice.repository.InvoiceLineRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An accountant cancels an issued, unpaid invoice by a credit note for its whole amount, numbered in the tenant's
 * credit note series (sales) or carrying the supplier's credit note number (purchase); InvoiceCancelled is published
 * in the same transaction. An invoice with payments applied is refused (409): unmatch them first.
 */
@ApplicationScoped
public class CancelInvoice {

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final InvoiceSettings settings;
    private final SupplierNumbers supplierNumbers;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Clock clock;

    public CancelInvoice(
            InvoiceRepository invoices,
            InvoiceLineRepository lines,
            InvoiceSettings settings,
            SupplierNumbers supplierNumbers,
            Outbox outbox,
            MeterRegistry metrics,
            Clock clock) {
        this.invoices = invoices;
        this.lines = lines;
        this.settings = settings;
        this.supplierNumbers = supplierNumbers;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The credit note that now cancels invoice {@code id}, with copies of its lines. */
    @WithTransaction
    public Uni<InvoiceDetail> cancel(String tenantId, UUID id, String reason, String supplierCreditNoteNumber) {
        return invoices.lockForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> settings.of(tenantId).flatMap(s -> {
                    // before a number is drawn: a refused cancellation leaves the series untouched
                    inv.checkCancellable(supplierCreditNoteNumber);
                    LocalDate today = s.today(clock);
                    Instant now = clock.instant();
                    Uni<String> number = inv.direction == InvoiceDirection.SALES
                            ? invoices.nextNumber(tenantId, s.creditNotePrefix, today.getYear())
                                    .map(SeriesNumber::text)
                            : Uni.createFrom().item(supplierCreditNoteNumber.trim());
                    return number.map(n -> inv.creditNote(n, reason, today, now))
                            .call(supplierNumbers::requireUnused)
                            .call(invoices::persist)
                            .flatMap(cn -> lines.forInvoice(inv.id).flatMap(originals -> {
                                List<InvoiceLine> copies = originals.stream()
                                        .map(l -> l.copyFor(cn.id))
                                        .toList();
                                inv.cancel(cn, reason, now);
                                return persist(copies)
                                        .flatMap(x -> outbox.append(
                                                InvoiceEvents.AGGREGATE, InvoiceEvents.cancelled(inv, cn)))
                                        .invoke(() -> metrics.counter(
                                                        "lettrage.invoices.cancelled",
                                                        "direction",
                                                        inv.direction.name())
                                                .increment())
                                        .call(invoices::flush)
                                        .map(x -> new InvoiceDetail(cn, copies, today));
                            }));
                }));
    }

    private Uni<Void> persist(List<InvoiceLine> ls) {
        return ls.isEmpty() ? Uni.createFrom().voidItem() : lines.persist(ls);
    }
}
