package app.lettrage.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The optional foreign-exchange details of TransactionImported and PaymentMatched, added within v1. */
class ForeignExchangeContractTest {

    private static ObjectNode golden(EventType type) throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(EventSchemas.golden(type));
    }

    @Test
    void transactionImportedCarriesTheInstructedAmountAndTheRateAndWritesThemBackUnchanged() throws Exception {
        ObjectNode node = golden(EventType.TRANSACTION_IMPORTED);
        node.put("amount", "1170.45").put("currency", "CHF");
        node.putObject("instructedAmount").put("amount", "1250.00").put("currency", "EUR");
        node.putObject("exchangeRate").put("currency", "EUR").put("rate", "0.93636");

        TransactionImported tx = EventJson.read(node.toString(), TransactionImported.class);
        assertThat(tx.instructedAmount()).isEqualTo(new InstructedAmount(new BigDecimal("1250.00"), "EUR"));
        assertThat(tx.exchangeRate()).isEqualTo(new ExchangeRate("EUR", new BigDecimal("0.93636")));
        String written = EventJson.write(tx);
        EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, written);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(node);
    }

    @Test
    void aPaymentInTheAccountsCurrencyWritesNeitherField() throws Exception {
        TransactionImported tx =
                EventJson.read(EventSchemas.golden(EventType.TRANSACTION_IMPORTED), TransactionImported.class);
        assertThat(tx.instructedAmount()).isNull();
        assertThat(tx.exchangeRate()).isNull();
        ObjectNode written = (ObjectNode) EventJson.mapper().readTree(EventJson.write(tx));
        assertThat(written.has("instructedAmount")).isFalse();
        assertThat(written.has("exchangeRate")).isFalse();
    }

    @Test
    void schemaRejectsAZeroOrNegativeOrFloatRateAndALowerCaseCurrency() throws Exception {
        for (String bad : new String[] {"0", "0.000", "-1.2", "12345678", "1.12345678901"}) {
            ObjectNode node = golden(EventType.TRANSACTION_IMPORTED);
            node.putObject("exchangeRate").put("currency", "EUR").put("rate", bad);
            assertThat(EventSchemas.errors(EventType.TRANSACTION_IMPORTED, node.toString()))
                    .as(bad)
                    .anyMatch(e -> e.contains("rate"));
        }
        ObjectNode node = golden(EventType.TRANSACTION_IMPORTED);
        node.putObject("exchangeRate").put("currency", "EUR").put("rate", 0.95);
        assertThat(EventSchemas.errors(EventType.TRANSACTION_IMPORTED, node.toString()))
                .anyMatch(e -> e.contains("rate"));
        node = golden(EventType.TRANSACTION_IMPORTED);
        node.putObject("instructedAmount").put("amount", "10.00").put("currency", "eur");
        assertThat(EventSchemas.errors(EventType.TRANSACTION_IMPORTED, node.toString()))
                .anyMatch(e -> e.contains("currency"));
        node = golden(EventType.TRANSACTION_IMPORTED);
        node.putObject("instructedAmount").put("amount", "-10.00").put("currency", "EUR");
        assertThat(EventSchemas.errors(EventType.TRANSACTION_IMPORTED, node.toString()))
                .anyMatch(e -> e.contains("amount"));
    }

    @Test
    void aRateIsUsableOnlyAboveZeroBoundedAndInAnIsoCurrency() {
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("0.93636"))).isTrue();
        assertThat(ExchangeRate.isValid("JPY", new BigDecimal("1000000"))).isTrue();
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("0.0000000001"))).isTrue();
        assertThat(ExchangeRate.isValid("EUR", BigDecimal.ZERO)).isFalse();
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("-0.9"))).isFalse();
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("1000000.0001"))).isFalse();
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("0.00000000001"))).isFalse();
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("1E-999999999"))).isFalse();
        assertThat(ExchangeRate.isValid("EUR", new BigDecimal("1E+999999999"))).isFalse();
        assertThat(ExchangeRate.isValid("XYZ", new BigDecimal("1.1"))).isFalse();
        assertThat(ExchangeRate.isValid("eur", new BigDecimal("1.1"))).isFalse();
        assertThat(ExchangeRate.isValid(null, new BigDecimal("1.1"))).isFalse();
    }

    @Test
    void anInstructedAmountIsUsableOnlyPositiveBoundedAndAtItsCurrencysExponent() {
        assertThat(InstructedAmount.isValid(new BigDecimal("1250.00"), "EUR")).isTrue();
        assertThat(InstructedAmount.isValid(new BigDecimal("1250.000"), "EUR"))
                .as("trailing zeros")
                .isTrue();
        assertThat(InstructedAmount.isValid(new BigDecimal("125000"), "JPY")).isTrue();
        assertThat(InstructedAmount.isValid(new BigDecimal("999999999999999.99"), "EUR"))
                .isTrue();
        assertThat(InstructedAmount.isValid(new BigDecimal("1000000000000000"), "EUR"))
                .isFalse();
        assertThat(InstructedAmount.isValid(new BigDecimal("12.345"), "EUR")).isFalse();
        assertThat(InstructedAmount.isValid(new BigDecimal("12.5"), "JPY")).isFalse();
        assertThat(InstructedAmount.isValid(BigDecimal.ZERO, "EUR")).isFalse();
        assertThat(InstructedAmount.isValid(new BigDecimal("-5"), "EUR")).isFalse();
        assertThat(InstructedAmount.isValid(new BigDecimal("1E-999999999"), "EUR"))
                .isFalse();
        assertThat(InstructedAmount.isValid(new BigDecimal("10"), "ABC")).isFalse();
    }

    @Test
    void paymentMatchedCarriesTheFxDifferenceOfEachAllocationAndTheRate() throws Exception {
        ObjectNode node = golden(EventType.PAYMENT_MATCHED);
        ObjectNode allocation = (ObjectNode) node.withArray("allocations").get(0);
        allocation.put("fxDifference", "-3.20");
        node.putObject("exchangeRate")
                .put("currency", allocation.get("currency").asText())
                .put("rate", "1.0725");

        PaymentMatched matched = EventJson.read(node.toString(), PaymentMatched.class);
        Allocation a = matched.allocations().get(0);
        assertThat(a.fxDifference()).isEqualByComparingTo("-3.20");
        assertThat(a.cash())
                .as("the converted cash covered 3.20 beyond the amount")
                .isEqualByComparingTo(a.amount()
                        .subtract(a.writeOff() == null ? BigDecimal.ZERO : a.writeOff())
                        .add(new BigDecimal("3.20")));
        assertThat(matched.exchangeRate().rate()).isEqualByComparingTo("1.0725");
        String written = EventJson.write(matched);
        EventSchemas.assertValid(EventType.PAYMENT_MATCHED, written);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(node);

        PaymentMatched plain = EventJson.read(EventSchemas.golden(EventType.PAYMENT_MATCHED), PaymentMatched.class);
        ObjectNode plainWritten = (ObjectNode) EventJson.mapper().readTree(EventJson.write(plain));
        assertThat(plainWritten.has("exchangeRate")).isFalse();
        assertThat(plainWritten.withArray("allocations").get(0).has("fxDifference"))
                .isFalse();
    }
}
