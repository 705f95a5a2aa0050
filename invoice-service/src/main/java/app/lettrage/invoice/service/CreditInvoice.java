package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.SeriesNumber;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An accountant takes part of an issued invoice off by a partial credit note (a gross amount, at most what is due),
 * numbered in the tenant's credit note series (sales) or carrying the supplier's number (purchase). The invoice's row
 * lock is held from the check to the commit, so two credit notes racing on one invoice take turns and the second is
 * checked against what the first left due. InvoiceChanged (change CREDITED, with every credit note number of the
 * invoice) is published in the same transaction.
 */
@ApplicationScoped
public class CreditInvoice {

    /** The change InvoiceChanged names for a partial credit note. */
    public static final String CREDITED = "CREDITED";

    private final InvoiceRepository invoices;
    private final InvoiceSettings settings;
    private final SupplierNumbers supplierNumbers;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Clock clock;

    public CreditInvoice(
            InvoiceRepository invoices,
            InvoiceSettings settings,
            SupplierNumbers supplierNumbers,
            Outbox outbox,
            MeterRegistry metrics,
            Clock clock) {
        this.invoices = invoices;
        this.settings = settings;
        this.supplierNumbers = supplierNumbers;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The new credit note of the tenant's invoice {@code id} (null when the tenant has no such invoice), at the
     * version {@code expectedVersion} names when given (412 otherwise).
     */
    @WithTransaction
    public Uni<InvoiceDetail> credit(
            String tenantId,
            UUID id,
            BigDecimal amount,
            String reason,
            String supplierCreditNoteNumber,
            Long expectedVersion) {
        return invoices.lockAt(tenantId, id, expectedVersion)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> invoices.creditNotesOf(tenantId, id)
                        .flatMap(earlier -> settings.of(tenantId).flatMap(s -> {
                            // before a number is drawn: a refused credit note leaves the series untouched
                            BigDecimal gross = inv.checkCreditable(amount, supplierCreditNoteNumber, earlier.size());
                            LocalDate today = s.today(clock);
                            Instant now = clock.instant();
                            Uni<String> number = inv.direction == InvoiceDirection.SALES
                                    ? invoices.nextNumber(tenantId, s.creditNotePrefix, today.getYear())
                                            .map(SeriesNumber::text)
                                    : Uni.createFrom().item(supplierCreditNoteNumber.trim());
                            return number.map(n -> inv.credit(n, gross, reason, today, now))
                                    .call(supplierNumbers::requireUnused)
                                    .call(invoices::persist)
                                    .flatMap(cn -> {
                                        List<String> numbers = new ArrayList<>();
                                        earlier.forEach(e -> numbers.add(e.number));
                                        numbers.add(cn.number);
                                        return outbox.append(
                                                        InvoiceEvents.AGGREGATE,
                                                        InvoiceEvents.changed(inv, CREDITED, numbers))
                                                .invoke(() -> metrics.counter(
                                                                "lettrage.invoices.credited",
                                                                "direction",
                                                                inv.direction.name())
                                                        .increment())
                                                .call(invoices::flush)
                                                .map(x -> new InvoiceDetail(cn, List.of(), today));
                                    });
                        })));
    }
}
