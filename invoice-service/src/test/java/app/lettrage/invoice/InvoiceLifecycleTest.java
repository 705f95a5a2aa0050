package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import app.lettrage.events.Allocation;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.Topics;
import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Lines and totals, drafts under If-Match, purchase invoices, idempotent POSTs, credit notes, write-offs. */
@QuarkusTest
class InvoiceLifecycleTest {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));

    static String salesBody(String counterparty, String due) {
        return """
                {"counterpartyName": "%s", "counterpartyAddress": "12 rue de la Paix, 75002 Paris",
                 "counterpartyVatNumber": "FR 403 032 650 45", "counterpartyIban": "FR7630006000011234567890189",
                 "currency": "EUR", "dueDate": "%s", "paymentTerms": "30 days net", "notes": "PO-4471",
                 "lines": [
                   {"description": "Consulting", "quantity": "3", "unitPrice": "400.00", "vatRate": "20", "discount": "5"},
                   {"description": "Book", "quantity": "1", "unitPrice": "42", "vatRate": "5.5"}]}""".formatted(counterparty, due);
    }

    static ExtractableResponse<Response> post(String user, String path, String body, String key) {
        var req = given().header("Authorization", Tokens.bearer(user)).contentType(ContentType.JSON);
        if (key != null) {
            req.header("Idempotency-Key", key);
        }
        if (body != null) {
            req.body(body);
        }
        return req.post(path).then().extract();
    }

    static JsonPath get(String user, String id) {
        return given().header("Authorization", Tokens.bearer(user))
                .get("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aSalesInvoiceWithLinesHasExactTotalsVatPerRateAndItsCounterparty() {
        var created = post(
                "alice",
                "/api/invoices",
                salesBody("Lines SARL", TODAY.plusDays(30).toString()),
                null);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonPath inv = created.jsonPath();
        assertThat(created.header("ETag")).isEqualTo("\"" + inv.getLong("version") + "\"");
        assertThat(created.header("Location")).endsWith("/api/invoices/" + inv.getString("id"));
        assertThat(inv.getString("netAmount")).isEqualTo("1182.00");
        assertThat(inv.getString("vatAmount")).isEqualTo("230.31");
        assertThat(inv.getString("totalAmount")).isEqualTo("1412.31");
        assertThat(inv.getString("amountDue")).isEqualTo("1412.31");
        assertThat(inv.getString("counterpartyVatNumber")).isEqualTo("FR40303265045");
        assertThat(inv.getString("counterpartyAddress")).isEqualTo("12 rue de la Paix, 75002 Paris");
        assertThat(inv.getString("paymentTerms")).isEqualTo("30 days net");
        assertThat(inv.getList("lines.netAmount")).containsExactly("1140.00", "42.00");
        assertThat(inv.getList("lines.discount")).containsExactly("5", "0");
        assertThat(inv.getList("vat.rate")).containsExactly("5.50", "20.00");
        assertThat(inv.getList("vat.vat")).containsExactly("2.31", "228.00");

        // a total that contradicts the lines is refused, naming it
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(salesBody("Lines SARL", TODAY.plusDays(30).toString())
                        .replace("\"currency\"", "\"totalAmount\": \"1412.30\", \"currency\""))
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("totalAmount"));
    }

    @Test
    void lineErrorsNameTheLineAndField() {
        String body = salesBody("Bad Lines", TODAY.plusDays(30).toString())
                .replace("\"vatRate\": \"5.5\"", "\"vatRate\": \"150\"")
                .replace("\"quantity\": \"3\"", "\"quantity\": \"1.0000001\"");
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("lines[1].vatRate"))
                .body("errors.field", hasItem("lines[0].quantity"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(salesBody("Bad Lines", TODAY.plusDays(30).toString()).replace("\"description\": \"Book\", ", ""))
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("lines[1].description"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("{\"counterpartyName\": \"X\", \"currency\": \"EUR\", \"dueDate\": \"2026-12-31\"}")
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("lines"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(salesBody("Bad Lines", TODAY.plusDays(30).toString()).replace("FR 403 032 650 45", "403-032-650"))
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("counterpartyVatNumber"));
    }

    @Test
    void aDraftIsUpdatedOnlyWithTheCurrentETagAndIssuedInvoicesOnlyChangeDueDateAndIban() {
        var created = post(
                "alice",
                "/api/invoices",
                salesBody("Etag SAS", TODAY.plusDays(30).toString()),
                null);
        String id = created.path("id");
        String etag = created.header("ETag");
        String replacement = salesBody("Etag SAS renamed", TODAY.plusDays(45).toString())
                .replace("\"quantity\": \"3\"", "\"quantity\": \"2\"");

        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(replacement)
                .put("/api/invoices/" + id)
                .then()
                .statusCode(428)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("If-Match"));
        given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", "\"999\"")
                .contentType(ContentType.JSON)
                .body(replacement)
                .put("/api/invoices/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        var replaced = given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", etag)
                .contentType(ContentType.JSON)
                .body(replacement)
                .put("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .body("counterpartyName", equalTo("Etag SAS renamed"))
                .body("netAmount", equalTo("802.00")) // 2 x 400 x 0.95 + 42
                .body("lines.size()", equalTo(2))
                .extract();
        String etag2 = replaced.header("ETag");
        assertThat(etag2).isNotEqualTo(etag);
        // the first ETag is stale now: a lost update is refused
        given().header("Authorization", Tokens.bearer("arthur"))
                .header("If-Match", etag)
                .contentType(ContentType.JSON)
                .body("{\"notes\": \"late writer\"}")
                .patch("/api/invoices/" + id)
                .then()
                .statusCode(412);
        String etag3 = given().header("Authorization", Tokens.bearer("arthur"))
                .header("If-Match", etag2)
                .contentType(ContentType.JSON)
                .body("{\"notes\": \"second thoughts\"}")
                .patch("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .body("notes", equalTo("second thoughts"))
                .body("netAmount", equalTo("802.00"))
                .body("lines.size()", equalTo(2))
                .extract()
                .header("ETag");
        assertThat(given().header("Authorization", Tokens.bearer("vera"))
                        .get("/api/invoices/" + id)
                        .then()
                        .extract()
                        .header("ETag"))
                .isEqualTo(etag3);

        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200);
        String etag4 = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + id)
                .then()
                .extract()
                .header("ETag");
        // frozen: the lines of an issued invoice never change
        given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", etag4)
                .contentType(ContentType.JSON)
                .body("{\"lines\": [], \"dueDate\": \"" + TODAY.plusDays(60) + "\"}")
                .patch("/api/invoices/" + id)
                .then()
                .statusCode(409)
                .body("errors.field", equalTo(List.of("lines")));
        given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", etag4)
                .contentType(ContentType.JSON)
                .body(replacement)
                .put("/api/invoices/" + id)
                .then()
                .statusCode(409);
        given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", etag4)
                .contentType(ContentType.JSON)
                .body("{\"dueDate\": \"" + TODAY.minusDays(1) + "\"}")
                .patch("/api/invoices/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("dueDate"));

        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            given().header("Authorization", Tokens.bearer("alice"))
                    .header("If-Match", etag4)
                    .contentType(ContentType.JSON)
                    .body("{\"dueDate\": \"" + TODAY.plusDays(60)
                            + "\", \"counterpartyIban\": \"DE89 3704 0044 0532 0130 00\"}")
                    .patch("/api/invoices/" + id)
                    .then()
                    .statusCode(200)
                    .body("dueDate", equalTo(TODAY.plusDays(60).toString()))
                    .body("counterpartyIban", equalTo("DE89370400440532013000"))
                    .body("totalAmount", equalTo("956.31"));
            var record = probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_CHANGED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(20));
            EventSchemas.assertValid(EventType.INVOICE_CHANGED, record.value());
            InvoiceChanged changed = EventJson.read(record.value(), InvoiceChanged.class);
            assertThat(changed.change()).isEqualTo("DUE_DATE,COUNTERPARTY_IBAN");
            assertThat(changed.dueDate()).isEqualTo(TODAY.plusDays(60));
            assertThat(changed.counterpartyIban()).isEqualTo("DE89370400440532013000");
        }
    }

    static String purchaseBody(
            String supplier,
            String vat,
            String number,
            LocalDate issued,
            LocalDate due,
            String price,
            String currency) {
        return """
                {"direction": "PURCHASE", "supplierNumber": "%s", "counterpartyName": "%s", %s
                 "currency": "%s", "issueDate": "%s", "dueDate": "%s",
                 "lines": [{"description": "Paper", "quantity": "1", "unitPrice": "%s", "vatRate": "0"}]}""".formatted(
                        number,
                        supplier,
                        vat == null ? "" : "\"counterpartyVatNumber\": \"" + vat + "\",",
                        currency,
                        issued,
                        due,
                        price);
    }

    @Test
    void aPurchaseInvoiceKeepsTheSuppliersNumberUniquePerSupplierAndIsOverdueWhenPastDue() {
        String number = "SUP-" + System.nanoTime();
        String body = purchaseBody(
                "Papeterie Martin", "FR83404833048", number, TODAY.minusDays(40), TODAY.minusDays(10), "84.00", "EUR");
        String id = post("alice", "/api/invoices", body, null).path("id");
        // the same supplier (by VAT number, whatever the name's spelling) cannot record that number twice
        var dup = post("alice", "/api/invoices", body.replace("Papeterie Martin", "PAPETERIE MARTIN SA"), null);
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(dup.jsonPath().getList("errors.field")).containsExactly("supplierNumber");
        // another supplier may use the same number
        assertThat(post(
                                "alice",
                                "/api/invoices",
                                purchaseBody(
                                        "Other Supplier",
                                        null,
                                        number,
                                        TODAY.minusDays(5),
                                        TODAY.plusDays(25),
                                        "10",
                                        "EUR"),
                                null)
                        .statusCode())
                .isEqualTo(201);

        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            given().header("Authorization", Tokens.bearer("alice"))
                    .post("/api/invoices/" + id + "/issue")
                    .then()
                    .statusCode(200)
                    .body("number", equalTo(number))
                    .body("issueDate", equalTo(TODAY.minusDays(40).toString()))
                    .body("status", equalTo("OVERDUE"))
                    .body("paymentReference", equalTo(null));
            var record = probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            InvoiceIssued issued = EventJson.read(record.value(), InvoiceIssued.class);
            assertThat(issued.number()).isEqualTo(number);
            assertThat(issued.counterpartyVatNumber()).isEqualTo("FR83404833048");
        }
        Map<String, Object> byNumber = Map.of("q", number);
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParams(byNumber)
                .queryParam("status", "OVERDUE")
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)))
                .body("items[0].status", equalTo("OVERDUE"));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParams(byNumber)
                .queryParam("status", "ISSUED")
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParams(byNumber)
                .queryParam("direction", "PURCHASE")
                .queryParam("issueTo", TODAY.minusDays(30).toString())
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)))
                .body("total", equalTo(1))
                .body("totalExact", equalTo(true));
        // a purchase invoice needs the supplier's number; a sales invoice may not carry one
        assertThat(post("alice", "/api/invoices", body.replace("\"supplierNumber\": \"" + number + "\",", ""), null)
                        .jsonPath()
                        .getList("errors.field"))
                .contains("supplierNumber");
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyAnswersTheFirstResult() {
        String key = UUID.randomUUID().toString();
        String body = salesBody("Idem GmbH", TODAY.plusDays(30).toString());
        var first = post("alice", "/api/invoices", body, key);
        var again = post("alice", "/api/invoices", body, key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        String id = first.path("id");
        assertThat(again.<String>path("id")).isEqualTo(id);
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(given().header("Authorization", Tokens.bearer("vera"))
                        .queryParam("counterparty", "Idem GmbH")
                        .get("/api/invoices")
                        .then()
                        .extract()
                        .<List<String>>path("items.id"))
                .containsOnlyOnce(id);
        // the same key for another request is refused, naming the header
        var other = post("alice", "/api/invoices", body.replace("Idem GmbH", "Other GmbH"), key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("errors[0].field")).isEqualTo("Idempotency-Key");
        // keys are per tenant: globex's use of the same key is its own request
        assertThat(post("bruno", "/api/invoices", body, key).<String>path("id")).isNotEqualTo(id);

        String issueKey = UUID.randomUUID().toString();
        var issued = post("alice", "/api/invoices/" + id + "/issue", null, issueKey);
        var reissued = post("alice", "/api/invoices/" + id + "/issue", null, issueKey);
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(reissued.statusCode()).isEqualTo(200);
        assertThat(reissued.<String>path("number")).isEqualTo(issued.path("number"));
        // without the key, issuing twice is the conflict it is
        assertThat(post("alice", "/api/invoices/" + id + "/issue", null, null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aCreditNoteCancelsAnUnpaidInvoiceWhichIsNoLongerMatchable() {
        String id = post(
                        "alice",
                        "/api/invoices",
                        salesBody("Cancel Me SA", TODAY.plusDays(30).toString()),
                        null)
                .path("id");
        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200);
        JsonPath issued = get("alice", id);
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            var cn = post("alice", "/api/invoices/" + id + "/cancel", "{\"reason\": \"billed twice\"}", null);
            assertThat(cn.statusCode()).isEqualTo(201);
            JsonPath note = cn.jsonPath();
            assertThat(note.getString("kind")).isEqualTo("CREDIT_NOTE");
            assertThat(note.getString("number")).matches("AV-\\d{4}-\\d{5}");
            assertThat(note.getString("creditNoteFor")).isEqualTo(id);
            assertThat(note.getString("totalAmount")).isEqualTo(issued.getString("totalAmount"));
            assertThat(note.getList("lines.description")).containsExactly("Consulting", "Book");
            JsonPath cancelled = get("vera", id);
            assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
            assertThat(cancelled.getString("cancelledBy")).isEqualTo(note.getString("id"));
            var record = probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_CANCELLED
                                    .ceType()
                                    .equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(20));
            EventSchemas.assertValid(EventType.INVOICE_CANCELLED, record.value());
            InvoiceCancelled event = EventJson.read(record.value(), InvoiceCancelled.class);
            assertThat(event.creditNoteNumber()).isEqualTo(note.getString("number"));
            assertThat(event.number()).isEqualTo(issued.getString("number"));
            assertThat(event.reason()).isEqualTo("billed twice");
        }
        assertThat(post("alice", "/api/invoices/" + id + "/cancel", "{\"reason\": \"again\"}", null)
                        .statusCode())
                .isEqualTo(409);

        // a payment allocated to the cancelled invoice is not applied; a later one to an open invoice is
        String open = InvoiceResourceTest.createAndIssue("alice", "Still Open SARL", "50.00");
        InvoiceEventsTest.publish(
                UUID.randomUUID().toString(),
                InvoiceEventsTest.matched(
                        UUID.randomUUID().toString(), "acme", id, issued.getString("number"), "100.00"));
        InvoiceEventsTest.publish(
                UUID.randomUUID().toString(),
                InvoiceEventsTest.matched(UUID.randomUUID().toString(), "acme", open, "x", "50.00"));
        InvoiceEventsTest.awaitInvoice(open, "PAID", "0.00");
        assertThat(get("alice", id).getString("status")).isEqualTo("CANCELLED");
        assertThat(given().header("Authorization", Tokens.bearer("alice"))
                        .get("/api/invoices/" + id + "/payments")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .isEmpty();
    }

    @Test
    void cancellingAPartlyPaidInvoiceIsRefusedUntilItsPaymentsAreUnmatched() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Partly Paid SARL", "300.00");
        String matchId = UUID.randomUUID().toString();
        PaymentMatched m = InvoiceEventsTest.matched(matchId, "acme", id, "n", "100.00");
        InvoiceEventsTest.publish(UUID.randomUUID().toString(), m);
        InvoiceEventsTest.awaitInvoice(id, "PARTIALLY_PAID", "200.00");
        var refused = post("alice", "/api/invoices/" + id + "/cancel", "{\"reason\": \"wrong customer\"}", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.<String>path("type")).endsWith("/invoice-has-payments");
        assertThat(get("alice", id).getString("status")).isEqualTo("PARTIALLY_PAID");

        InvoiceEventsTest.publish(
                UUID.randomUUID().toString(),
                new PaymentUnmatched(
                        matchId, "acme", m.transactionId(), m.allocations(), "wrong customer", Instant.now()));
        InvoiceEventsTest.awaitInvoice(id, "ISSUED", "300.00");
        assertThat(post("alice", "/api/invoices/" + id + "/cancel", "{\"reason\": \"wrong customer\"}", null)
                        .statusCode())
                .isEqualTo(201);
        // a purchase invoice is cancelled by the supplier's credit note, whose number is required
        String number = "SUP-CN-" + System.nanoTime();
        String p = post(
                        "alice",
                        "/api/invoices",
                        purchaseBody("Cancel Supplier", null, number, TODAY, TODAY.plusDays(30), "10", "EUR"),
                        null)
                .path("id");
        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/invoices/" + p + "/issue")
                .then()
                .statusCode(200);
        assertThat(post("alice", "/api/invoices/" + p + "/cancel", "{\"reason\": \"returned\"}", null)
                        .jsonPath()
                        .getString("errors[0].field"))
                .isEqualTo("creditNoteNumber");
        assertThat(post(
                                "alice",
                                "/api/invoices/" + p + "/cancel",
                                "{\"reason\": \"returned\", \"creditNoteNumber\": \"AV-77\"}",
                                null)
                        .<String>path("number"))
                .isEqualTo("AV-77");
    }

    @Test
    void aWriteOffSettlesTheInvoiceAndIsRecordedInThePaymentHistory() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Bank Fee GmbH", "100.00");
        String matchId = UUID.randomUUID().toString();
        PaymentMatched m = new PaymentMatched(
                matchId,
                "acme",
                "tx-" + matchId,
                List.of(new Allocation(id, "n", new BigDecimal("100.00"), "EUR", new BigDecimal("2.50"))),
                MatchDecision.AUTO,
                0.97,
                List.of("amount within tolerance"),
                TODAY,
                Instant.now());
        InvoiceEventsTest.publish(UUID.randomUUID().toString(), m);
        JsonPath paid = InvoiceEventsTest.awaitInvoice(id, "PAID", "0.00");
        assertThat(paid.getString("writtenOffAmount")).isEqualTo("2.50");
        assertThat(paid.getString("creditAmount")).isEqualTo("0.00");
        JsonPath history = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + id + "/payments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(history.getList("amount")).containsExactly("100.00");
        assertThat(history.getList("writeOff")).containsExactly("2.50");
        assertThat(history.getList("cash")).containsExactly("97.50");

        InvoiceEventsTest.publish(
                UUID.randomUUID().toString(),
                new PaymentUnmatched(
                        matchId, "acme", m.transactionId(), m.allocations(), "bank returned it", Instant.now()));
        JsonPath back = InvoiceEventsTest.awaitInvoice(id, "ISSUED", "100.00");
        assertThat(back.getString("writtenOffAmount")).isEqualTo("0.00");
        assertThat(given().header("Authorization", Tokens.bearer("vera"))
                        .get("/api/invoices/" + id + "/payments")
                        .then()
                        .extract()
                        .<String>path("[0].reversedAt"))
                .isNotNull();
    }

    @Test
    void listsArePagedWithATotal() {
        String tag = "Page" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            InvoiceResourceTest.create("alice", tag + " " + i, (i + 1) + "0.00");
        }
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("counterparty", tag)
                .queryParam("sort", "totalAmount")
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.totalAmount", equalTo(List.of("30.00", "40.00")))
                .body("total", equalTo(5))
                .body("totalExact", equalTo(true))
                .body("page", equalTo(1))
                .body("size", equalTo(2));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("counterparty", tag)
                .queryParam("size", 2)
                .queryParam("page", 3)
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items", equalTo(List.of()))
                .body("total", equalTo(5));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("size", 501)
                .get("/api/invoices")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void belgianStructuredReferencesAndPerLineRoundingAreTenantSettings() {
        given().header("Authorization", Tokens.bearer("vera"))
                .contentType(ContentType.JSON)
                .body("{\"paymentReferenceType\": \"BE_STRUCTURED\"}")
                .put("/api/settings")
                .then()
                .statusCode(403);
        given().header("Authorization", Tokens.bearer("bruno"))
                .contentType(ContentType.JSON)
                .body("{\"timeZone\": \"Mars/Olympus\", \"invoicePrefix\": \"fv1\"}")
                .put("/api/settings")
                .then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("invoicePrefix", "timeZone")));
        given().header("Authorization", Tokens.bearer("bruno"))
                .contentType(ContentType.JSON)
                .body(
                        "{\"paymentReferenceType\": \"BE_STRUCTURED\", \"rounding\": \"PER_LINE\", \"timeZone\": \"Europe/Brussels\"}")
                .put("/api/settings")
                .then()
                .statusCode(200)
                .body("paymentReferenceType", equalTo("BE_STRUCTURED"))
                .body("rounding", equalTo("PER_LINE"))
                .body("invoicePrefix", equalTo("FV"))
                .body("timeZone", equalTo("Europe/Brussels"));
        // acme keeps its own (default) settings
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("paymentReferenceType", equalTo("ISO11649"))
                .body("rounding", equalTo("PER_TOTAL"));

        String body = """
                {"counterpartyName": "Rounding BV", "currency": "EUR", "dueDate": "%s", "lines": [
                  {"description": "a", "quantity": "1", "unitPrice": "0.33", "vatRate": "20"},
                  {"description": "b", "quantity": "1", "unitPrice": "0.33", "vatRate": "20"},
                  {"description": "c", "quantity": "1", "unitPrice": "0.33", "vatRate": "20"}]}""".formatted(TODAY.plusDays(30));
        String id = post("bruno", "/api/invoices", body, null).path("id");
        assertThat(post("alice", "/api/invoices", body, null).<String>path("vatAmount"))
                .isEqualTo("0.20"); // acme: per total
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            JsonPath issued =
                    post("bruno", "/api/invoices/" + id + "/issue", null, null).jsonPath();
            assertThat(issued.getString("vatAmount")).isEqualTo("0.21"); // per line: 0.07 three times
            assertThat(issued.getString("paymentReferenceType")).isEqualTo("BE_STRUCTURED");
            assertThat(issued.getString("paymentReference")).matches("\\+\\+\\+\\d{3}/\\d{4}/\\d{5}\\+\\+\\+");
            assertThat(BelgianStructuredCommunication.isValid(issued.getString("paymentReference")))
                    .isTrue();
            var record = probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            EventSchemas.assertValid(EventType.INVOICE_ISSUED, record.value());
            InvoiceIssued event = EventJson.read(record.value(), InvoiceIssued.class);
            assertThat(event.paymentReferenceType()).isEqualTo(app.lettrage.events.ReferenceType.BE_STRUCTURED);
            assertThat(event.paymentReference()).isEqualTo(issued.getString("paymentReference"));
        } finally {
            given().header("Authorization", Tokens.bearer("bruno"))
                    .contentType(ContentType.JSON)
                    .body(
                            "{\"paymentReferenceType\": \"ISO11649\", \"rounding\": \"PER_TOTAL\", \"timeZone\": \"Europe/Paris\"}")
                    .put("/api/settings")
                    .then()
                    .statusCode(200);
        }
    }
}
