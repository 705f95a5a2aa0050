package app.lettrage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventContractsTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenPayloadConformsToItsSchema(EventType type) {
        assertThat(EventSchemas.errors(type, EventSchemas.golden(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenPayloadParsesAndWritesBackUnchanged(EventType type) throws Exception {
        String golden = EventSchemas.golden(type);
        LettrageEvent event = EventJson.read(golden, type.recordClass());
        assertThat(event.eventType()).isEqualTo(type);
        assertThat(event.tenantId()).isEqualTo("acme");
        String written = EventJson.write(event);
        EventSchemas.assertValid(type, written);
        JsonNode expected = EventJson.mapper().readTree(golden);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(expected);
    }

    @Test
    void amountsTravelAsDecimalStringsWithTheirScale() throws Exception {
        TransactionImported tx =
                EventJson.read(EventSchemas.golden(EventType.TRANSACTION_IMPORTED), TransactionImported.class);
        assertThat(tx.amount()).isEqualByComparingTo("1250.00");
        assertThat(tx.amount().scale()).isEqualTo(2);
        JsonNode node = EventJson.mapper().readTree(EventJson.write(tx));
        assertThat(node.get("amount").isTextual()).isTrue();
        assertThat(node.get("amount").asText()).isEqualTo("1250.00");
        assertThat(node.get("bookingDate").asText()).isEqualTo("2026-11-20");
    }

    @Test
    void schemaRejectsAFloatAmountAndAMissingRequiredField() throws Exception {
        ObjectNode node = (ObjectNode) EventJson.mapper().readTree(EventSchemas.golden(EventType.TRANSACTION_IMPORTED));
        node.put("amount", 1250.0);
        assertThat(EventSchemas.errors(EventType.TRANSACTION_IMPORTED, node.toString()))
                .anyMatch(e -> e.contains("amount"));
        node.put("amount", "1250.00");
        node.remove("tenantId");
        assertThat(EventSchemas.errors(EventType.TRANSACTION_IMPORTED, node.toString()))
                .anyMatch(e -> e.contains("tenantId"));
    }

    @Test
    void readerIgnoresFieldsAddedLaterInsideV1() throws Exception {
        ObjectNode node = (ObjectNode) EventJson.mapper().readTree(EventSchemas.golden(EventType.INVOICE_ISSUED));
        node.put("someFutureField", "x");
        InvoiceIssued issued = EventJson.read(node.toString(), InvoiceIssued.class);
        assertThat(issued.number()).isEqualTo("FV-2026-00042");
    }

    @Test
    void malformedPayloadNamesTheProblem() {
        assertThatThrownBy(() -> EventJson.read("{\"matchId\": \"m\", \"confidence\": \"high\"}", PaymentMatched.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PaymentMatched");
    }

    @Test
    void keysKeepOneEntitysEventsInOrder() {
        TransactionImported tx =
                EventJson.read(EventSchemas.golden(EventType.TRANSACTION_IMPORTED), TransactionImported.class);
        assertThat(tx.key()).isEqualTo("acme:acc-acme-main");
        InvoiceIssued inv = EventJson.read(EventSchemas.golden(EventType.INVOICE_ISSUED), InvoiceIssued.class);
        assertThat(inv.key()).isEqualTo("acme:3b241101-e2bb-4255-8caf-4136c566a962");
        PaymentMatched m = new PaymentMatched(
                "m1",
                "acme",
                "tx1",
                List.of(new Allocation("i1", "FV-1", new BigDecimal("10.00"), "EUR")),
                MatchDecision.MANUAL,
                1.0,
                List.of("chosen by alice"),
                LocalDate.of(2026, 11, 20),
                Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(m.key()).isEqualTo("acme:tx1");
        assertThat(m.eventType().ceType()).isEqualTo("lettrage.PaymentMatched.v1");
        assertThat(m.eventType().topic()).isEqualTo(Topics.PAYMENT_MATCHES);
        assertThat(EventType.ofCeType("lettrage.PaymentMatched.v1")).contains(EventType.PAYMENT_MATCHED);
        EventSchemas.assertValid(EventType.PAYMENT_MATCHED, EventJson.write(m));
    }

    @Test
    void aReversalCarriesItsFlagAndReasonAndAnOrdinaryPaymentReadsAsBefore() throws Exception {
        ObjectNode node = (ObjectNode) EventJson.mapper().readTree(EventSchemas.golden(EventType.TRANSACTION_IMPORTED));
        TransactionImported ordinary = EventJson.read(node.toString(), TransactionImported.class);
        assertThat(ordinary.isReversal()).isFalse();
        assertThat(ordinary.returnReason()).isNull();
        assertThat(EventJson.mapper().readTree(EventJson.write(ordinary)).has("reversal"))
                .as("a v1 consumer that predates the field sees the same payload")
                .isFalse();

        node.put("amount", "-1250.00").put("reversal", true).put("returnReason", "AM04");
        TransactionImported reversal = EventJson.read(node.toString(), TransactionImported.class);
        assertThat(reversal.isReversal()).isTrue();
        assertThat(reversal.returnReason()).isEqualTo("AM04");
        String written = EventJson.write(reversal);
        EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, written);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(node);
    }

    @Test
    void returnReasonsAreDescribedWhenKnownAndShownAsTheyAreOtherwise() {
        assertThat(ReturnReasons.describe("AM04")).isEqualTo("AM04 (insufficient funds)");
        assertThat(ReturnReasons.describe(" md06 ")).isEqualTo("md06 (refund requested by the debtor)");
        assertThat(ReturnReasons.describe("X123")).isEqualTo("X123");
        assertThat(ReturnReasons.describe(null)).isNull();
        assertThat(ReturnReasons.describe(" ")).isNull();
    }
}
