package app.lettrage.banksync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A statement upload's trace goes on through its import job, which any instance's worker runs later, and the
 * TransactionImported events the job writes: each is published in the upload's trace (its traceparent header, from
 * the relay's PRODUCER span, and its ce_traceparent, from the job's span that wrote the outbox row).
 */
@QuarkusTest
class ImportTraceTest {

    @Test
    void theTransactionsOfAnUploadArePublishedInTheUploadsTrace() {
        String account = Api.createAccount("alice", "EUR");
        String key = "acme:" + account;
        String trace = UUID.randomUUID().toString().replace("-", "");
        String caller = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            String jobId = StatementImportJobTest.accepted(given().header("Authorization", Tokens.bearer("arthur"))
                    // the caller's span, as a traced frontend or gateway sends it
                    .header("traceparent", "00-" + trace + "-" + caller + "-01")
                    .contentType("application/xml")
                    .body(StatementImportJobTest.camt053(StatementImportJobTest.ibanOf(account), "EUR")
                            .getBytes(StandardCharsets.UTF_8))
                    .post("/api/accounts/" + account + "/statements")
                    .then());
            StatementImportJobTest.succeeded("alice", jobId);

            List<ConsumerRecord<String, String>> events = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                events.clear();
                probe.all().stream().filter(r -> key.equals(r.key())).forEach(events::add);
                return events.size() >= 3;
            });
            assertThat(events).hasSize(3).allSatisfy(r -> {
                assertThat(TopicProbe.header(r, "traceparent")).startsWith("00-" + trace + "-");
                assertThat(TopicProbe.header(r, CloudEventHeaders.TRACEPARENT)).startsWith("00-" + trace + "-");
            });
        }
    }
}
