package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.awaitDecidedNotMatched;
import static app.lettrage.reconciliation.ReconciliationFlowTest.isMatchOf;
import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.ExchangeRate;
import app.lettrage.events.InstructedAmount;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A payment the bank converted from an invoice's currency settles it through Kafka: on the instructed amount exactly,
 * or at the bank's rate within the tenant's FX tolerance with the realised FX difference on the allocation and in
 * PaymentMatched. The allocation's amount is always in the invoice's currency, which is what invoice-service applies.
 */
@QuarkusTest
class ForeignExchangeFlowTest {

    private static final LocalDate BOOKED = LocalDate.of(2026, 11, 20);

    static TransactionImported converted(
            String amount, String currency, String remittance, InstructedAmount instructed, ExchangeRate rate) {
        return new TransactionImported(
                UUID.randomUUID().toString(),
                "acme",
                "acc-fx",
                "CH9300762011623852957",
                TransactionImported.Source.FILE,
                TransactionImported.BookingStatus.BOOKED,
                new BigDecimal(amount),
                currency,
                BOOKED,
                BOOKED,
                "CLIENT SA",
                null,
                null,
                remittance,
                null,
                null,
                null,
                null,
                null,
                Instant.parse("2026-11-20T09:00:00Z"),
                null,
                null,
                instructed,
                rate);
    }

    /** A EUR sales invoice of "Client SA", issued ten days before the payments are booked. */
    static String issue(String tenant, String number, String amount) {
        String id = UUID.randomUUID().toString();
        publish(
                UUID.randomUUID().toString(),
                new InvoiceIssued(
                        id,
                        tenant,
                        InvoiceDirection.SALES,
                        number,
                        null,
                        (ReferenceType) null,
                        "Client SA",
                        null,
                        null,
                        "EUR",
                        new BigDecimal(amount),
                        new BigDecimal(amount),
                        BOOKED.minusDays(10),
                        BOOKED.plusDays(20),
                        Instant.parse("2026-11-10T09:00:00Z")));
        return id;
    }

    private static PaymentMatched awaitMatch(TopicProbe matches, TransactionImported tx) {
        ConsumerRecord<String, String> record = matches.await(r -> isMatchOf(r, tx), Duration.ofSeconds(30));
        EventSchemas.assertValid(EventType.PAYMENT_MATCHED, record.value());
        return EventJson.read(record.value(), PaymentMatched.class);
    }

    @Test
    void aEurInvoicePaidFromAChfAccountWithTheInstructedAmountSettlesExactlyInEur() {
        String number = nextNumber();
        String invoiceId = issue("acme", number, "1250.00");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported tx = converted(
                    "1170.45",
                    "CHF",
                    "Facture " + number,
                    new InstructedAmount(new BigDecimal("1250.00"), "EUR"),
                    new ExchangeRate("EUR", new BigDecimal("0.93636")));
            publish(UUID.randomUUID().toString(), tx);
            PaymentMatched matched = awaitMatch(matches, tx);
            assertThat(matched.reasons()).as("matched on its own reference").anyMatch(r -> r.contains(number));
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.currency()).as("in the invoice's currency").isEqualTo("EUR");
                assertThat(a.amount()).isEqualTo(new BigDecimal("1250.00"));
                assertThat(a.fxDifference()).isNull();
            });
            assertThat(matched.exchangeRate()).isEqualTo(new ExchangeRate("EUR", new BigDecimal("0.93636")));
        }
    }

    @Test
    void aUsdPaymentAtTheBanksRateSettlesTheEurInvoiceAndRecordsTheFxDifference() {
        String number = nextNumber();
        String invoiceId = issue("acme", number, "2150.00");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            // 2305.00 USD / 1.0725 = 2149.18 EUR: 0.82 short of 2150.00, within the default 2%
            TransactionImported tx = converted(
                    "2305.00", "USD", "Invoice " + number, null, new ExchangeRate("EUR", new BigDecimal("1.0725")));
            publish(UUID.randomUUID().toString(), tx);
            PaymentMatched matched = awaitMatch(matches, tx);
            assertThat(matched.reasons()).as("matched on its own reference").anyMatch(r -> r.contains(number));
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.currency()).isEqualTo("EUR");
                assertThat(a.amount()).as("the invoice is settled").isEqualTo(new BigDecimal("2150.00"));
                assertThat(a.fxDifference()).isEqualTo(new BigDecimal("0.82"));
                assertThat(a.cash()).as("the converted money").isEqualByComparingTo("2149.18");
            });
            assertThat(matched.exchangeRate()).isEqualTo(new ExchangeRate("EUR", new BigDecimal("1.0725")));
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/matches/" + matched.matchId())
                    .then()
                    .statusCode(200)
                    .body("allocations[0].amount", equalTo("2150.00"))
                    .body("allocations[0].currency", equalTo("EUR"))
                    .body("allocations[0].fxDifference", equalTo("0.82"));
        }
    }

    @Test
    void beyondTheFxToleranceOrWithoutAnyConversionNothingIsMatchedAcrossCurrencies() {
        String number = nextNumber();
        issue("acme", number, "3100.00");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            // 3198.00 / 1.0725 = 2981.82: 3.8% short of 3100.00
            TransactionImported far = converted(
                    "3198.00", "USD", "Invoice " + number, null, new ExchangeRate("EUR", new BigDecimal("1.0725")));
            TransactionImported plain = converted("3100.00", "USD", "Invoice " + number, null, null);
            publish(UUID.randomUUID().toString(), far);
            publish(UUID.randomUUID().toString(), plain);
            awaitDecidedNotMatched(far.transactionId());
            awaitDecidedNotMatched(plain.transactionId());
            assertThat(matches.during(Duration.ofSeconds(2), r -> isMatchOf(r, far) || isMatchOf(r, plain)))
                    .isEmpty();
        }
    }

    @Test
    void aConvertedPaymentThatArrivesBeforeItsInvoiceIsMatchedWhenTheInvoiceOpens() {
        String number = nextNumber();
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported early = converted(
                    "700.20",
                    "CHF",
                    "Reglement " + number,
                    new InstructedAmount(new BigDecimal("748.00"), "EUR"),
                    null);
            publish(UUID.randomUUID().toString(), early);
            awaitDecidedNotMatched(early.transactionId());
            String invoiceId = issue("acme", number, "748.00");
            PaymentMatched matched = awaitMatch(matches, early);
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.amount()).isEqualTo(new BigDecimal("748.00"));
            });
            assertThat(matched.exchangeRate().rate())
                    .as("implied by booked / instructed")
                    .isEqualByComparingTo(new BigDecimal("0.9360962567"));
        }
    }

    @Test
    void theFxToleranceIsATenantSettingBoundedTo10Percent() {
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("fxTolerance", equalTo(0.02f));
        Map<String, Object> settings = new HashMap<>(Map.of(
                "autoMatchThreshold", "0.9",
                "suggestThreshold", "0.3",
                "ambiguityMargin", "0.03",
                "feeToleranceAbsolute", "50.00",
                "feeToleranceRelative", "0.05",
                "discountTolerance", "0.03",
                "overpaymentToleranceAbsolute", "5.00",
                "overpaymentToleranceRelative", "0.01",
                "nameSimilarityThreshold", "0.84",
                "maxDaysBeforeIssue", 3));
        for (String bad : new String[] {"0.11", "-0.01", "0.012345"}) {
            settings.put("fxTolerance", bad);
            given().header("Authorization", Tokens.bearer("bruno"))
                    .contentType(ContentType.JSON)
                    .body(settings)
                    .put("/api/settings")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("fxTolerance"));
        }
    }
}
