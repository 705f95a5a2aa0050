package app.lettrage.matching;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * An invoice as the engine sees it. {@code amountDue} is what is still open; amounts are positive decimals in the
 * currency's unit (they are converted to integer minor units inside the book, never to double).
 *
 * @param paymentReference creditor reference given to the payer: ISO 11649 "RF..", Belgian structured communication
 *                         or any other reference string; may be null
 * @param creditNoteNumbers the numbers of the invoice's credit notes, which already lowered {@code amountDue}: a
 *                          payer who deducts one quotes it next to the invoice ("FV-2026-00042 moins avoir
 *                          AV-2026-00007"), evidence for this invoice and no other; empty when none
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
        LocalDate dueDate,
        List<String> creditNoteNumbers) {

    /** An invoice without credit notes. */
    public Invoice(
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
        this(
                id,
                tenantId,
                direction,
                number,
                paymentReference,
                counterpartyName,
                counterpartyIban,
                currency,
                totalAmount,
                amountDue,
                issueDate,
                dueDate,
                List.of());
    }

    public Invoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(totalAmount, "totalAmount");
        if (amountDue == null) {
            amountDue = totalAmount;
        }
        creditNoteNumbers = creditNoteNumbers == null ? List.of() : List.copyOf(creditNoteNumbers);
    }
}
