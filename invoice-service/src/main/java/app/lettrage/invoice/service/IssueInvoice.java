package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.SeriesNumber;
import app.lettrage.invoice.repository.InvoiceLineRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An accountant issues a draft: a sales invoice is numbered in the tenant's gapless series and given its payment
 * reference (RF or Belgian, per tenant); a purchase invoice keeps the supplier's number. InvoiceIssued is published in
 * the same transaction.
 */
@ApplicationScoped
public class IssueInvoice {

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final InvoiceSettings settings;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Clock clock;

    public IssueInvoice(
            InvoiceRepository invoices,
            InvoiceLineRepository lines,
            InvoiceSettings settings,
            Outbox outbox,
            MeterRegistry metrics,
            Clock clock) {
        this.invoices = invoices;
        this.lines = lines;
        this.settings = settings;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Issues the draft {@code id}; {@code expectedVersion} is checked when given. */
    @WithTransaction
    public Uni<InvoiceDetail> issue(String tenantId, UUID id, Long expectedVersion) {
        return invoices.lockAt(tenantId, id, expectedVersion)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> settings.of(tenantId).flatMap(s -> {
                    LocalDate today = s.today(clock);
                    // before a number is drawn: a refused draft leaves its series untouched
                    inv.checkIssuable(today);
                    Uni<SeriesNumber> number = inv.direction == InvoiceDirection.SALES
                            ? invoices.nextNumber(tenantId, s.invoicePrefix, today.getYear())
                            : Uni.createFrom().nullItem();
                    return number.flatMap(n -> {
                        inv.issue(n, s.referenceType, today, clock.instant());
                        return outbox.append(InvoiceEvents.AGGREGATE, InvoiceEvents.issued(inv))
                                .invoke(() -> metrics.counter(
                                                "lettrage.invoices.issued", "direction", inv.direction.name())
                                        .increment())
                                .call(invoices::flush)
                                .flatMap(x -> lines.forInvoice(inv.id))
                                .map(ls -> new InvoiceDetail(inv, ls, today));
                    });
                }));
    }
}
