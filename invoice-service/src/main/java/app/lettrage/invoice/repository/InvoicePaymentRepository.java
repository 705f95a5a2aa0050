package app.lettrage.invoice.repository;

import app.lettrage.invoice.InvoicePayment;
import app.lettrage.platform.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class InvoicePaymentRepository implements PanacheRepositoryBase<InvoicePayment, UUID> {

    public Uni<List<InvoicePayment>> forInvoice(String tenantId, UUID invoiceId) {
        return list(
                "tenantId = ?1 and invoiceId = ?2", Sort.ascending("appliedAt").and("id"), tenantId, invoiceId);
    }

    /** Inserts new payments with one multi-row INSERT per batch. */
    public Uni<Void> insertAll(List<InvoicePayment> created) {
        return SqlRows.inChunks(
                created,
                13,
                chunk -> getSession().flatMap(s -> {
                    var q = s.createNativeQuery(
                            "INSERT INTO invoice_payment (id, tenant_id, invoice_id, match_id, transaction_id,"
                                    + " amount, write_off, decided_by, payment_date, applied_at, reversed_at,"
                                    + " reversal_transaction_id, return_reason) VALUES "
                                    + SqlRows.values(
                                            chunk.size(),
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            "date",
                                            null,
                                            "timestamptz"));
                    int p = 0;
                    for (InvoicePayment pay : chunk) {
                        q.setParameter(++p, pay.id);
                        q.setParameter(++p, pay.tenantId);
                        q.setParameter(++p, pay.invoiceId);
                        q.setParameter(++p, pay.matchId);
                        q.setParameter(++p, pay.transactionId);
                        q.setParameter(++p, pay.amount);
                        q.setParameter(++p, pay.writeOff);
                        q.setParameter(++p, pay.decidedBy.name());
                        q.setParameter(++p, pay.paymentDate);
                        q.setParameter(++p, pay.appliedAt);
                        q.setParameter(++p, pay.reversedAt);
                        q.setParameter(++p, pay.reversalTransactionId);
                        q.setParameter(++p, pay.returnReason);
                    }
                    return q.executeUpdate();
                }));
    }

    /** Records the reversal of payments given back by PaymentUnmatched or PaymentReversed (with the bank's reason). */
    public Uni<Void> markReversed(List<InvoicePayment> reversed) {
        return SqlRows.inChunks(
                reversed,
                4,
                chunk -> getSession().flatMap(s -> {
                    var q = s.createNativeQuery("UPDATE invoice_payment AS p SET reversed_at = v.reversed_at,"
                            + " reversal_transaction_id = v.reversal_transaction_id, return_reason = v.return_reason"
                            + " FROM (VALUES "
                            + SqlRows.values(chunk.size(), "uuid", "timestamptz", "varchar", "varchar")
                            + ") AS v (id, reversed_at, reversal_transaction_id, return_reason) WHERE p.id = v.id");
                    int p = 0;
                    for (InvoicePayment pay : chunk) {
                        q.setParameter(++p, pay.id);
                        q.setParameter(++p, pay.reversedAt);
                        q.setParameter(++p, pay.reversalTransactionId);
                        q.setParameter(++p, pay.returnReason);
                    }
                    return q.executeUpdate();
                }));
    }

    /** Every payment, reversed or not, of the tenant's invoices among {@code invoiceIds}. */
    public Uni<List<InvoicePayment>> forInvoices(String tenantId, Collection<UUID> invoiceIds) {
        return list("tenantId = ?1 and invoiceId in ?2", tenantId, invoiceIds);
    }
}
