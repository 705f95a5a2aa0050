package app.lettrage.matching;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An invoice as the engine sees it. {@code amountDue} is what is still open; amounts are positive decimals in the
 * currency's unit (they are converted to integer minor units inside the book, never to double).
 *
 * @param paymentReference creditor reference given to the payer: ISO 11649 "RF..", Belgian structured communication
 *                         or any other reference string; may be null
 */
public record Invoice(
        String id,
        String tenantId,
        Direction direction,
        String number,
        String paymentReference,
        String counterpartyName,
        String counterpartyIban,
        String currency,
        BigDecimal totalAmount,
        BigDecimal amountDue,
        LocalDate issueDate,
        LocalDate dueDate) {

    public Invoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(totalAmount, "totalAmount");
        if (amountDue == null) {
            amountDue = totalAmount;
        }
    }
}
