package app.lettrage.invoice.repository;

import app.lettrage.invoice.InvoiceLine;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class InvoiceLineRepository implements PanacheRepositoryBase<InvoiceLine, UUID> {

    /** The lines of an invoice the caller already found for its tenant. */
    public Uni<List<InvoiceLine>> forInvoice(UUID invoiceId) {
        return list("invoiceId", Sort.ascending("position"), invoiceId);
    }

    public Uni<Long> deleteForInvoice(UUID invoiceId) {
        return delete("invoiceId", invoiceId);
    }
}
