package app.lettrage.bankconnectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What leaves a connector keeps the currency's exponent on the wire, whatever the amount's trailing zeros. */
class CanonicalTransactionJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private static CanonicalTransaction tx(String amount, String currency) {
        return new CanonicalTransaction(
                "id-1",
                CanonicalTransaction.Status.BOOKED,
                new BigDecimal(amount),
                currency,
                LocalDate.of(2026, 2, 28),
                null,
                "Dupont",
                null,
                "Facture 1",
                null,
                null,
                null);
    }

    @Test
    void amountsAreDecimalStringsAtTheCurrencysExponent() throws Exception {
        TransactionReport report = new TransactionReport(
                "BE68539007547034",
                List.of(tx("-72.50", "EUR"), tx("1210.00", "EUR"), tx("-500", "JPY"), tx("0.125", "BHD")),
                null,
                1);
        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        assertThat(json.at("/transactions/0/amount").isTextual()).isTrue();
        assertThat(json.at("/transactions/0/amount").asText()).isEqualTo("-72.50");
        assertThat(json.at("/transactions/1/amount").asText()).isEqualTo("1210.00");
        assertThat(json.at("/transactions/2/amount").asText()).isEqualTo("-500");
        assertThat(json.at("/transactions/3/amount").asText()).isEqualTo("0.125");
    }

    @Test
    void theMapperScalesWhatAProviderWroteShort() {
        assertThat(TransactionMapper.amount(JSON.getNodeFactory().textNode("-72.5"), 2, "amount"))
                .isEqualByComparingTo("-72.50")
                .hasToString("-72.50");
        assertThat(TransactionMapper.amount(JSON.getNodeFactory().numberNode(new BigDecimal("1210")), 2, "amount"))
                .hasToString("1210.00");
    }
}
