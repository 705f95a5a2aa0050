package app.lettrage.invoice.repository;

import app.lettrage.invoice.InvoicePayment;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class InvoicePaymentRepository implements PanacheRepositoryBase<InvoicePayment, UUID> {

    public Uni<List<InvoicePayment>> forInvoice(String tenantId, UUID invoiceId) {
        return list("tenantId = ?1 and invoiceId = ?2", Sort.ascending("appliedAt").and("id"), tenantId, invoiceId);
    }

    public Uni<InvoicePayment> find(UUID invoiceId, String matchId) {
        return find("invoiceId = ?1 and matchId = ?2", invoiceId, matchId).firstResult();
    }
}
