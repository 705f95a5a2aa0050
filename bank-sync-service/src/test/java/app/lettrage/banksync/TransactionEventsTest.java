package app.lettrage.banksync;

import static app.lettrage.banksync.Api.entry;
import static app.lettrage.banksync.Api.with;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransactionEventsTest {

    @Test
    void eachNewTransactionIsPublishedOnceAsASchemaValidCloudEvent() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String accountIban = io.restassured.RestAssured.given()
                .header("Authorization", app.lettrage.testsupport.Tokens.bearer("alice"))
                .get("/api/accounts/" + account)
                .then()
                .statusCode(200)
                .extract()
                .path("iban");
        String key = "acme:" + account;
        List<Map<String, Object>> batch = List.of(
                with(
                        with(
                                with(
                                        entry("-80.5", "2026-11-20", "Fournisseur SA", "Loyer"),
                                        "counterpartyIban",
                                        "DE89370400440532013000"),
                                "structuredReference",
                                "+++090/9337/55493+++"),
                        "endToEndId",
                        "E2E-1"),
                entry("1250.00", "2026-11-21", "Dupont SARL", "Facture FV-2026-00042"));
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            List<String> ids = Api.importOk("arthur", account, batch).getList("transactionIds");
            assertThat(ids).hasSize(2);

            ConsumerRecord<String, String> debit = probe.await(
                    r -> ids.get(0).equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            assertThat(debit.key()).isEqualTo(key);
            assertThat(TopicProbe.header(debit, CloudEventHeaders.TYPE)).isEqualTo("lettrage.TransactionImported.v1");
            assertThat(TopicProbe.header(debit, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(TopicProbe.header(debit, CloudEventHeaders.SOURCE)).isEqualTo("/bank-sync-service");
            assertThat(TopicProbe.header(debit, CloudEventHeaders.TENANT_ID)).isEqualTo("acme");
            assertThat(TopicProbe.header(debit, CloudEventHeaders.ID)).matches("[0-9a-f-]{36}");
            assertThat(TopicProbe.header(debit, CloudEventHeaders.TIME)).isNotBlank();
            EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, debit.value());

            JsonNode json = EventJson.mapper().readTree(debit.value());
            assertThat(json.get("amount").isTextual())
                    .as("amount is a decimal string")
                    .isTrue();
            assertThat(json.get("amount").asText()).isEqualTo("-80.50");
            TransactionImported event = EventJson.read(debit.value(), TransactionImported.class);
            assertThat(event.transactionId()).isEqualTo(ids.get(0));
            assertThat(event.tenantId()).isEqualTo("acme");
            assertThat(event.accountId()).isEqualTo(account);
            assertThat(event.accountIban()).isEqualTo(accountIban);
            assertThat(event.source()).isEqualTo(TransactionImported.Source.API);
            assertThat(event.status()).isEqualTo(TransactionImported.BookingStatus.BOOKED);
            assertThat(event.amount()).isEqualTo(new BigDecimal("-80.50"));
            assertThat(event.currency()).isEqualTo("EUR");
            assertThat(event.bookingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(event.counterpartyIban()).isEqualTo("DE89370400440532013000");
            assertThat(event.structuredReference()).isEqualTo("+++090/9337/55493+++");
            assertThat(event.structuredReferenceType()).isEqualTo(ReferenceType.BE_STRUCTURED);
            assertThat(event.endToEndId()).isEqualTo("E2E-1");
            assertThat(event.supersedesTransactionId()).isNull();
            assertThat(event.importedAt()).isNotNull();

            ConsumerRecord<String, String> credit = probe.await(
                    r -> ids.get(1).equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, credit.value());
            assertThat(EventJson.mapper().readTree(credit.value()).get("amount").asText())
                    .isEqualTo("1250.00");
            assertThat(credit.offset())
                    .as("one key, one partition, batch order")
                    .isGreaterThan(debit.offset());
            assertThat(TopicProbe.header(credit, CloudEventHeaders.ID))
                    .isNotEqualTo(TopicProbe.header(debit, CloudEventHeaders.ID));

            // re-posting publishes nothing; a later new transaction shows the relay has gone past that point
            JsonPath again = Api.importOk("arthur", account, batch);
            assertThat(again.getInt("imported")).isZero();
            String sentinel = Api.importOk("arthur", account, List.of(entry("7.00", "2026-11-22", "Sentinel", null)))
                    .getList("transactionIds")
                    .get(0)
                    .toString();
            probe.await(r -> sentinel.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            List<String> subjects = probe.all().stream()
                    .filter(r -> key.equals(r.key()))
                    .map(r -> TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                    .toList();
            assertThat(subjects).containsExactly(ids.get(0), ids.get(1), sentinel);
        }
    }
}
