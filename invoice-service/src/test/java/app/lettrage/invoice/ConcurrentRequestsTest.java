package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.EventType;
import app.lettrage.testsupport.Race;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Requests that arrive at the same moment: exactly one of them has the effect and publishes its event; each other one
 * is refused (409 while the first is still running, 412 for a stale If-Match) or, once the first has committed,
 * answered with the first's result marked as replayed.
 */
@QuarkusTest
class ConcurrentRequestsTest {

    /** Enough requests at once that some overlap the first's transaction on a loaded 2-core machine. */
    private static final int AT_ONCE = 4;

    private static final String IN_FLIGHT = "https://lettrage.app/problems/idempotency-key-in-flight";

    @Test
    void firstCreatesWithTheSameIdempotencyKeyCreateOneDraft() throws Exception {
        String counterparty = "Same Key Create " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String body = """
                {"counterpartyName": "%s", "currency": "EUR", "totalAmount": "120.00", "dueDate": "%s"}""".formatted(counterparty, LocalDate.now().plusDays(30));

        List<ExtractableResponse<Response>> answers = Race.run(times(AT_ONCE, () -> post("/api/invoices", body, key)));

        ExtractableResponse<Response> winner = oneWinnerOthersInFlightOrReplayed(answers, 201);
        for (var a : answers) {
            if (a.statusCode() == 201) {
                assertThat(a.<String>path("id")).isEqualTo(winner.path("id"));
            }
        }
        assertThat(DatabaseProbe.invoicesOf("acme", counterparty)).isEqualTo(1);
    }

    @Test
    void firstIssuesWithTheSameIdempotencyKeyIssueOnceAndPublishOneInvoiceIssued() throws Exception {
        String id = InvoiceResourceTest.create("alice", "Same Key Issue SARL", "240.00");
        String key = UUID.randomUUID().toString();

        List<ExtractableResponse<Response>> answers =
                Race.run(times(AT_ONCE, () -> post("/api/invoices/" + id + "/issue", null, key)));

        ExtractableResponse<Response> winner = oneWinnerOthersInFlightOrReplayed(answers, 200);
        for (var a : answers) {
            if (a.statusCode() == 200) {
                assertThat(a.<String>path("number")).isEqualTo(winner.path("number"));
            }
        }
        assertThat(DatabaseProbe.outboxEvents(id, EventType.INVOICE_ISSUED.ceType()))
                .isEqualTo(1);
    }

    @Test
    void firstCancelsWithTheSameIdempotencyKeyMakeOneCreditNoteAndPublishOneInvoiceCancelled() throws Exception {
        String id = InvoiceResourceTest.createAndIssue("alice", "Same Key Cancel SARL", "360.00");
        String key = UUID.randomUUID().toString();

        List<ExtractableResponse<Response>> answers = Race.run(
                times(AT_ONCE, () -> post("/api/invoices/" + id + "/cancel", "{\"reason\": \"billed twice\"}", key)));

        ExtractableResponse<Response> winner = oneWinnerOthersInFlightOrReplayed(answers, 201);
        for (var a : answers) {
            if (a.statusCode() == 201) {
                assertThat(a.<String>path("id")).isEqualTo(winner.path("id"));
            }
        }
        assertThat(DatabaseProbe.creditNotesFor(id)).isEqualTo(1);
        assertThat(DatabaseProbe.outboxEvents(id, EventType.INVOICE_CANCELLED.ceType()))
                .isEqualTo(1);
    }

    @Test
    void editsOfOneInvoiceWithTheSameIfMatchChangeItOnceAndPublishOneInvoiceChanged() throws Exception {
        String id = InvoiceResourceTest.createAndIssue("alice", "Same ETag SARL", "480.00");
        String etag = given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        List<Callable<ExtractableResponse<Response>>> edits = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            String dueDate = LocalDate.now().plusDays(40 + i).toString();
            edits.add(() -> given().header("Authorization", Tokens.bearer("arthur"))
                    .header("If-Match", etag)
                    .contentType(ContentType.JSON)
                    .body("{\"dueDate\": \"" + dueDate + "\"}")
                    .patch("/api/invoices/" + id)
                    .then()
                    .extract());
        }

        List<ExtractableResponse<Response>> answers = Race.run(edits);

        assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(1);
        assertThat(answers).filteredOn(a -> a.statusCode() != 200).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(412);
            assertThat(a.contentType()).startsWith("application/problem+json");
        });
        ExtractableResponse<Response> winner =
                answers.stream().filter(a -> a.statusCode() == 200).findFirst().orElseThrow();
        assertThat(InvoiceLifecycleTest.get("vera", id).getString("dueDate")).isEqualTo(winner.path("dueDate"));
        assertThat(DatabaseProbe.outboxEvents(id, EventType.INVOICE_CHANGED.ceType()))
                .isEqualTo(1);
    }

    /**
     * Exactly one answer is the first result ({@code status}, not replayed); every other one is either a 409
     * idempotency-key-in-flight problem (it arrived while the first ran) or the first's answer replayed (it arrived
     * after the first committed). Returns the first result.
     */
    private static ExtractableResponse<Response> oneWinnerOthersInFlightOrReplayed(
            List<ExtractableResponse<Response>> answers, int status) {
        List<ExtractableResponse<Response>> first = answers.stream()
                .filter(a -> a.statusCode() == status && a.header("Idempotent-Replayed") == null)
                .toList();
        assertThat(first).as(describe(answers)).hasSize(1);
        assertThat(answers)
                .as(describe(answers))
                .filteredOn(a -> a != first.get(0))
                .allSatisfy(a -> {
                    if (a.statusCode() == 409) {
                        assertThat(a.contentType()).startsWith("application/problem+json");
                        assertThat(a.<String>path("type")).isEqualTo(IN_FLIGHT);
                        assertThat(a.<String>path("errors[0].field")).isEqualTo("Idempotency-Key");
                    } else {
                        assertThat(a.statusCode()).isEqualTo(status);
                        assertThat(a.header("Idempotent-Replayed")).isEqualTo("true");
                    }
                });
        return first.get(0);
    }

    private static String describe(List<ExtractableResponse<Response>> answers) {
        return answers.stream()
                .map(a -> a.statusCode() + " " + a.body().asString())
                .toList()
                .toString();
    }

    private static ExtractableResponse<Response> post(String path, String body, String key) {
        var request = given().header("Authorization", Tokens.bearer("alice")).header("Idempotency-Key", key);
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        return request.post(path).then().extract();
    }

    private static <T> List<Callable<T>> times(int n, Callable<T> request) {
        List<Callable<T>> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(request);
        }
        return requests;
    }
}
