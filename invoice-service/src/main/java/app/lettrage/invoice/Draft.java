package app.lettrage.invoice;

import app.lettrage.events.InvoiceDirection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A draft's content, already validated by the REST layer (amounts within their scales, IBAN normalised).
 * {@code totalAmount} is only for a draft without lines; with lines the totals are computed.
 */
public record Draft(
        InvoiceDirection direction,
        String supplierNumber,
        String counterpartyName,
        String counterpartyAddress,
        String counterpartyVatNumber,
        String counterpartyIban,
        String currency,
        List<DraftLine> lines,
        BigDecimal totalAmount,
        LocalDate issueDate,
        LocalDate dueDate,
        String paymentTerms,
        String notes) {

    public record DraftLine(
            String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal vatRate, BigDecimal discount) {}
}
