package app.lettrage.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The optional credit note fields of InvoiceChanged, added within v1. */
class CreditNoteContractTest {

    private static ObjectNode golden() throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(EventSchemas.golden(EventType.INVOICE_CHANGED));
    }

    @Test
    void aCreditedChangeCarriesWhatCreditNotesTookOffAndTheirNumbers() throws Exception {
        InvoiceChanged e = EventJson.read(golden().toString(), InvoiceChanged.class);
        assertThat(e.change()).isEqualTo("CREDITED");
        assertThat(e.creditedAmount()).isEqualByComparingTo("100.00");
        assertThat(e.creditNoteNumbers()).containsExactly("AV-2026-00007");
    }

    @Test
    void aChangeOfAnInvoiceNoCreditNoteTouchedWritesNeitherField() throws Exception {
        InvoiceChanged e = EventJson.read(golden().toString(), InvoiceChanged.class);
        InvoiceChanged plain = new InvoiceChanged(
                e.invoiceId(),
                e.tenantId(),
                e.direction(),
                e.number(),
                e.status(),
                e.paymentReference(),
                e.counterpartyName(),
                e.counterpartyIban(),
                e.currency(),
                e.totalAmount(),
                e.amountDue(),
                e.dueDate(),
                "PAYMENT_APPLIED",
                e.changedAt());
        ObjectNode written = (ObjectNode) EventJson.mapper().readTree(EventJson.write(plain));
        assertThat(written.has("creditedAmount")).isFalse();
        assertThat(written.has("creditNoteNumbers")).isFalse();
        EventSchemas.assertValid(EventType.INVOICE_CHANGED, written.toString());
    }

    @Test
    void schemaRejectsANegativeCreditedAmountAndAnEmptyCreditNoteNumber() throws Exception {
        ObjectNode node = golden().put("creditedAmount", "-5.00");
        assertThat(EventSchemas.errors(EventType.INVOICE_CHANGED, node.toString()))
                .anyMatch(err -> err.contains("creditedAmount"));
        node = golden();
        node.putArray("creditNoteNumbers").add("");
        assertThat(EventSchemas.errors(EventType.INVOICE_CHANGED, node.toString()))
                .anyMatch(err -> err.contains("creditNoteNumbers"));
    }
}
