package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.Race;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /api/invoices/{id}/credit-notes: partial credit notes lower what is due, once, for the invoice's tenant only. */
@QuarkusTest
class CreditNoteResourceTest {

    static ExtractableResponse<Response> credit(String user, String id, String body, String key, String ifMatch) {
        var req = given().header("Authorization", Tokens.bearer(user)).contentType(ContentType.JSON);
        if (key != null) {
            req.header("Idempotency-Key", key);
        }
        if (ifMatch != null) {
            req.header("If-Match", ifMatch);
        }
        return req.body(body)
                .post("/api/invoices/" + id + "/credit-notes")
                .then()
                .extract();
    }

    private static String body(String amount) {
        return "{\"amount\": \"" + amount + "\", \"reason\": \"not delivered\"}";
    }

    @Test
    void aPartialCreditNoteLowersTheAmountDueIsListedOnTheInvoiceAndPublishesCredited() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Credit Me " + UUID.randomUUID(), "1000.00");
        String number = InvoiceLifecycleTest.get("alice", id).getString("number");
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            var first = credit("alice", id, body("200.00"), null, null);
            assertThat(first.statusCode()).isEqualTo(201);
            JsonPath cn = first.jsonPath();
            assertThat(cn.getString("kind")).isEqualTo("CREDIT_NOTE");
            assertThat(cn.getString("number")).matches("AV-\\d{4}-\\d{5}");
            assertThat(cn.getString("creditNoteFor")).isEqualTo(id);
            assertThat(cn.getString("totalAmount")).isEqualTo("200.00");
            assertThat(first.header("Location")).endsWith("/api/invoices/" + cn.getString("id"));
            var second = credit("alice", id, body("50"), null, null);
            assertThat(second.statusCode()).isEqualTo(201);

            JsonPath inv = InvoiceLifecycleTest.get("vera", id);
            assertThat(inv.getString("status")).isEqualTo("ISSUED");
            assertThat(inv.getString("amountDue")).isEqualTo("750.00");
            assertThat(inv.getString("creditedAmount")).isEqualTo("250.00");
            assertThat(inv.getList("creditNotes.number"))
                    .containsExactly(cn.getString("number"), second.path("number"));
            assertThat(inv.getList("creditNotes.totalAmount")).containsExactly("200.00", "50.00");

            var record = probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_CHANGED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && r.value().contains("\"750.00\""),
                    Duration.ofSeconds(20));
            EventSchemas.assertValid(EventType.INVOICE_CHANGED, record.value());
            InvoiceChanged e = EventJson.read(record.value(), InvoiceChanged.class);
            assertThat(e.change()).isEqualTo("CREDITED");
            assertThat(e.number()).isEqualTo(number);
            assertThat(e.amountDue()).isEqualByComparingTo("750.00");
            assertThat(e.creditedAmount()).isEqualByComparingTo("250.00");
            assertThat(e.creditNoteNumbers()).containsExactly(cn.getString("number"), second.path("number"));
        }
    }

    @Test
    void moreThanIsDueIsA422NamingAmountAndChangesNothing() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Too Much " + UUID.randomUUID(), "100.00");
        for (String amount : List.of("100.01", "0", "-5.00", "1.005")) {
            var refused = credit("alice", id, body(amount), null, null);
            assertThat(refused.statusCode()).as(amount).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.<String>path("errors[0].field")).isEqualTo("amount");
        }
        var missing = credit("alice", id, "{\"reason\": \"r\"}", null, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonPath inv = InvoiceLifecycleTest.get("alice", id);
        assertThat(inv.getString("amountDue")).isEqualTo("100.00");
        assertThat(inv.getList("creditNotes")).isEmpty();
    }

    @Test
    void anotherTenantsInvoiceIsNotFoundAndADraftIsAConflict() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Not Bruno's " + UUID.randomUUID(), "90.00");
        var foreign = credit("bruno", id, body("10.00"), null, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(InvoiceLifecycleTest.get("alice", id).getString("amountDue")).isEqualTo("90.00");

        String draft = InvoiceResourceTest.create("alice", "Draft Credit " + UUID.randomUUID(), "90.00");
        assertThat(credit("alice", draft, body("10.00"), null, null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void twoCreditNotesRacingNeverTakeTheDueBelowZero() throws Exception {
        String id = InvoiceResourceTest.createAndIssue("alice", "Race Credit " + UUID.randomUUID(), "100.00");
        List<ExtractableResponse<Response>> answers = Race.run(
                () -> credit("alice", id, body("60.00"), null, null),
                () -> credit("alice", id, body("60.00"), null, null));
        assertThat(answers).extracting(ExtractableResponse::statusCode).containsExactlyInAnyOrder(201, 422);
        ExtractableResponse<Response> loser =
                answers.stream().filter(a -> a.statusCode() == 422).findFirst().orElseThrow();
        assertThat(loser.<String>path("errors[0].field")).isEqualTo("amount");
        JsonPath inv = InvoiceLifecycleTest.get("alice", id);
        assertThat(inv.getString("amountDue")).isEqualTo("40.00");
        assertThat(inv.getList("creditNotes")).hasSize(1);

        // with the ETag both read, the second is refused for its stale version whatever its amount
        String etag = given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/invoices/" + id)
                .then()
                .extract()
                .header("ETag");
        List<ExtractableResponse<Response>> tagged = Race.run(
                () -> credit("alice", id, body("1.00"), null, etag),
                () -> credit("alice", id, body("1.00"), null, etag));
        assertThat(tagged).extracting(ExtractableResponse::statusCode).containsExactlyInAnyOrder(201, 412);
        assertThat(InvoiceLifecycleTest.get("alice", id).getString("amountDue")).isEqualTo("39.00");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCreatesOneCreditNote() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Retry Credit " + UUID.randomUUID(), "100.00");
        String key = UUID.randomUUID().toString();
        var first = credit("alice", id, body("30.00"), key, null);
        var again = credit("alice", id, body("30.00"), key, null);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.<String>path("id")).isEqualTo(first.path("id"));
        assertThat(InvoiceLifecycleTest.get("alice", id).getString("amountDue")).isEqualTo("70.00");
    }

    @Test
    void cancelAfterAPartialCreditNoteCreditsOnlyTheRest() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Cancel Rest " + UUID.randomUUID(), "100.00");
        assertThat(credit("alice", id, body("30.00"), null, null).statusCode()).isEqualTo(201);
        var cancel =
                InvoiceLifecycleTest.post("alice", "/api/invoices/" + id + "/cancel", "{\"reason\": \"void\"}", null);
        assertThat(cancel.statusCode()).isEqualTo(201);
        assertThat(cancel.<String>path("totalAmount")).isEqualTo("70.00");
        assertThat(cancel.jsonPath().getList("lines")).isEmpty();
        JsonPath inv = InvoiceLifecycleTest.get("alice", id);
        assertThat(inv.getString("status")).isEqualTo("CANCELLED");
        assertThat(inv.getList("creditNotes.totalAmount")).containsExactly("30.00", "70.00");
        assertThat(credit("alice", id, body("1.00"), null, null).statusCode()).isEqualTo(409);
    }

    @Test
    void aPurchaseInvoiceIsCreditedByTheSuppliersNumberedCreditNote() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        String number = "SUP-PC-" + UUID.randomUUID();
        String p = InvoiceLifecycleTest.post(
                        "alice",
                        "/api/invoices",
                        InvoiceLifecycleTest.purchaseBody(
                                "Credit Supplier " + UUID.randomUUID(),
                                null,
                                number,
                                today,
                                today.plusDays(30),
                                "50",
                                "EUR"),
                        null)
                .path("id");
        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/invoices/" + p + "/issue")
                .then()
                .statusCode(200);
        assertThat(credit("alice", p, body("10.00"), null, null).<String>path("errors[0].field"))
                .isEqualTo("creditNoteNumber");
        String cnNumber = "SUP-AV-" + UUID.randomUUID().toString().substring(0, 8);
        var cn = credit(
                "alice",
                p,
                "{\"amount\": \"10.00\", \"reason\": \"r\", \"creditNoteNumber\": \"" + cnNumber + "\"}",
                null,
                null);
        assertThat(cn.statusCode()).isEqualTo(201);
        assertThat(cn.<String>path("number")).isEqualTo(cnNumber);
    }
}
