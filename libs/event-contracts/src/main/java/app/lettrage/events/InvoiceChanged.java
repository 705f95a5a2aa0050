package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An issued invoice changed in a way that remains allowed (payment status and amount due, due date, counterparty's
 * bank details, partial credit notes). Carries the invoice's whole matchable state, so a consumer can upsert from it.
 * Key: {@code tenantId:invoiceId}.
 *
 * @param amountDue what is still due: the total less payments and less partial credit notes
 * @param change what changed: PAYMENT_APPLIED, DUE_DATE, CREDITED (a partial credit note), ...
 * @param creditedAmount what partial credit notes took off the total; absent when none did. Added within v1.
 * @param creditNoteNumbers the numbers of every credit note of the invoice, oldest first, on a CREDITED change (a
 *     payer may quote them as he deducts them); absent on other changes. Added within v1.
 */
public record InvoiceChanged(
        String invoiceId,
        String tenantId,
        InvoiceDirection direction,
        String number,
        String status,
        String paymentReference,
        String counterpartyName,
        String counterpartyIban,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amountDue,
        LocalDate dueDate,
        String change,
        Instant changedAt,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal creditedAmount,

        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> creditNoteNumbers)
        implements LettrageEvent {

    /** A change of an invoice that no credit note touched. */
    public InvoiceChanged(
            String invoiceId,
            String tenantId,
            InvoiceDirection direction,
            String number,
            String status,
            String paymentReference,
            String counterpartyName,
            String counterpartyIban,
            String currency,
            BigDecimal totalAmount,
            BigDecimal amountDue,
            LocalDate dueDate,
            String change,
            Instant changedAt) {
        this(
                invoiceId,
                tenantId,
                direction,
                number,
                status,
                paymentReference,
                counterpartyName,
                counterpartyIban,
                currency,
                totalAmount,
                amountDue,
                dueDate,
                change,
                changedAt,
                null,
                null);
    }

    public InvoiceChanged {
        creditNoteNumbers = creditNoteNumbers == null ? null : List.copyOf(creditNoteNumbers);
    }

    @Override
    public String subject() {
        return invoiceId;
    }
}
