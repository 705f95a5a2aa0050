package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A purchase document keeps the supplier's number, which that supplier never uses twice for the same kind. */
@ApplicationScoped
public class SupplierNumbers {

    private final InvoiceRepository invoices;

    public SupplierNumbers(InvoiceRepository invoices) {
        this.invoices = invoices;
    }

    /** A 409 when another document of the supplier already has this number; nothing to check on a sales one. */
    public Uni<Void> requireUnused(Invoice inv) {
        if (inv.direction != InvoiceDirection.PURCHASE) {
            return Uni.createFrom().voidItem();
        }
        return invoices.supplierNumberTaken(inv.tenantId, inv.supplierKey, inv.kind, inv.number, inv.id)
                .map(taken -> {
                    if (taken) {
                        throw new ProblemException(
                                409,
                                "duplicate-supplier-number",
                                "Conflict",
                                "this supplier's document " + inv.number + " is already recorded",
                                List.of(new Problem.FieldError(
                                        "supplierNumber", "already recorded for this supplier")));
                    }
                    return null;
                });
    }
}
