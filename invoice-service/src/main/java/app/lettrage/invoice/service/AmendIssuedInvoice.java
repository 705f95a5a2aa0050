package app.lettrage.invoice.service;

import app.lettrage.invoice.Draft;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceLine;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An issued invoice, unpaid or partly paid, may still move its due date and change the counterparty's IBAN (a PATCH
 * of those fields only); each change is published as InvoiceChanged, since reconciliation matches on both.
 */
@ApplicationScoped
public class AmendIssuedInvoice {

    private static final Set<String> AMENDABLE = Set.of("dueDate", "counterpartyIban");

    private final InvoiceRepository invoices;
    private final Outbox outbox;
    private final Clock clock;

    public AmendIssuedInvoice(InvoiceRepository invoices, Outbox outbox, Clock clock) {
        this.invoices = invoices;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Applies the PATCH's fields {@code present} to the (locked) invoice, in the caller's transaction. */
    Uni<InvoiceDetail> amend(Invoice inv, List<InvoiceLine> lines, Draft patch, Set<String> present, LocalDate today) {
        inv.requireAmendable();
        List<String> notAllowed =
                present.stream().filter(f -> !AMENDABLE.contains(f)).sorted().toList();
        if (!notAllowed.isEmpty()) {
            throw new ProblemException(
                    409,
                    "invoice-frozen",
                    "Conflict",
                    "invoice " + inv.number + " is issued: only dueDate and counterpartyIban may change",
                    notAllowed.stream()
                            .map(f -> new Problem.FieldError(f, "may not change once the invoice is issued"))
                            .toList());
        }
        Instant now = clock.instant();
        List<String> changes = new ArrayList<>();
        if (present.contains("dueDate") && inv.changeDueDate(patch.dueDate(), now)) {
            changes.add("DUE_DATE");
        }
        if (present.contains("counterpartyIban") && inv.changeCounterpartyIban(patch.counterpartyIban(), now)) {
            changes.add("COUNTERPARTY_IBAN");
        }
        InvoiceDetail detail = new InvoiceDetail(inv, lines, today);
        if (changes.isEmpty()) {
            return Uni.createFrom().item(detail);
        }
        return outbox.append(InvoiceEvents.AGGREGATE, InvoiceEvents.changed(inv, String.join(",", changes)))
                .call(invoices::flush)
                .replaceWith(detail);
    }
}
