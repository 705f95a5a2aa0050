package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import app.lettrage.identifiers.CreditorReference;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvoiceResourceTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, not the application port. */
    @TestHTTPResource(value = "", management = true)
    URI management;

    static String create(String user, String counterparty, String amount) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body("""
                        {"counterpartyName": "%s", "counterpartyIban": "DE89 3704 0044 0532 0130 00",
                         "currency": "EUR", "totalAmount": "%s", "dueDate": "%s"}""".formatted(counterparty, amount, LocalDate.now().plusDays(30)))
                .post("/api/invoices")
                .then()
                .statusCode(201)
                .body("status", equalTo("DRAFT"))
                .extract()
                .path("id");
    }

    static String createAndIssue(String user, String counterparty, String amount) {
        String id = create(user, counterparty, amount);
        given().header("Authorization", Tokens.bearer(user))
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200)
                .body("status", equalTo("ISSUED"));
        return id;
    }

    @Test
    void createIssueGetAndList() {
        String id = create("alice", "Dupont SARL", "1250.5");
        // the issue date is the day in the tenant's time zone when it is issued, whatever the day and hour of the run
        ZoneId zone = ZoneId.of(given().header("Authorization", Tokens.bearer("arthur"))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .extract()
                .<String>path("timeZone"));
        LocalDate before = LocalDate.now(zone);
        var issued = given().header("Authorization", Tokens.bearer("arthur"))
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200)
                .body("status", equalTo("ISSUED"))
                .body("number", matchesPattern("FV-\\d{4}-\\d{5}"))
                .body("totalAmount", equalTo("1250.50"))
                .body("amountDue", equalTo("1250.50"))
                .body("counterpartyIban", equalTo("DE89370400440532013000"))
                .extract()
                .jsonPath();
        assertThat(LocalDate.parse(issued.getString("issueDate"))).isBetween(before, LocalDate.now(zone));
        assertThat(CreditorReference.isValid(issued.getString("paymentReference")))
                .isTrue();

        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .body("number", equalTo(issued.getString("number")));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("status", "ISSUED")
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));

        // issuing twice is a conflict, not a second number
        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/not-a-draft"));
    }

    @Test
    void validationErrorsAreProblemsNamingTheField() {
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("{\"currency\": \"EUR\", \"totalAmount\": \"10.00\", \"dueDate\": \"2026-12-31\"}")
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("counterpartyName"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(
                        "{\"counterpartyName\": \"X\", \"currency\": \"EUR\", \"totalAmount\": \"10.001\", \"dueDate\": \"2026-12-31\"}")
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("totalAmount"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(
                        "{\"counterpartyName\": \"X\", \"currency\": \"EUR\", \"totalAmount\": \"10\", \"dueDate\": \"31/12/2026\"}")
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("dueDate"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(
                        "{\"counterpartyName\": \"X\", \"counterpartyIban\": \"DE89370400440532013001\", \"currency\": \"EUR\", \"totalAmount\": \"10\", \"dueDate\": \"2026-12-31\"}")
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("counterpartyIban"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void authenticationRolesAndTenancy() {
        given().get("/api/invoices").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/invoices")
                .then()
                .statusCode(401);
        // a viewer may read, not write
        given().header("Authorization", Tokens.bearer("vera"))
                .contentType(ContentType.JSON)
                .body(
                        "{\"counterpartyName\": \"X\", \"currency\": \"EUR\", \"totalAmount\": \"10\", \"dueDate\": \"2026-12-31\"}")
                .post("/api/invoices")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");

        String id = createAndIssue("alice", "Tenant Test SA", "99.00");
        // another tenant's invoice does not exist for bruno, whatever he tries
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/invoices/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/invoices/" + id + "/payments")
                .then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer("bruno"))
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
    }

    /**
     * q matches an invoice whose number starts with it (case aside), or whose counterparty name has every word of it
     * (in any order; whole words: a part of a word is not a match). A q matching one invoice by number and another by
     * name pages over both, in the requested order, with their exact total.
     */
    @Test
    void textSearchMatchesANumberPrefixOrEveryWordOfTheName() {
        String tag = "Srch" + System.nanoTime();
        String a = createAndIssue("alice", tag + " Alpha SARL", "300.00");
        String b = createAndIssue("alice", tag + " Beta GmbH", "100.00");
        String numberOfA = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + a)
                .then()
                .extract()
                .path("number");
        java.util.function.Function<java.util.Map<String, Object>, io.restassured.path.json.JsonPath> list =
                params -> given().header("Authorization", Tokens.bearer("vera"))
                        .queryParams(params)
                        .get("/api/invoices")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();

        assertThat(list.apply(java.util.Map.of("q", "gmbh " + tag.toLowerCase()))
                        .getList("items.id"))
                .containsExactly(b);
        assertThat(list.apply(java.util.Map.of("q", tag.substring(0, 6))).getList("items.id"))
                .doesNotContain(a, b);
        String prefix = numberOfA.substring(0, numberOfA.length() - 1).toLowerCase();
        var byPrefix = list.apply(java.util.Map.of("q", prefix, "size", 500));
        assertThat(byPrefix.getList("items.id")).contains(a);
        assertThat(byPrefix.getList("items.number", String.class))
                .allSatisfy(n -> assertThat(n.toLowerCase()).startsWith(prefix));
        assertThat(list.apply(java.util.Map.of("q", "%")).getList("items"))
                .isEmpty(); // no word, no number starts with it
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("q", "dupont\u0000")
                .get("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("q"));

        // the number of A as words of another invoice's name: one match by number, one by name
        String c = createAndIssue("alice", "Ref " + numberOfA + " " + tag, "200.00");
        var first = list.apply(java.util.Map.of("q", numberOfA, "sort", "-totalAmount", "size", 1));
        assertThat(first.getList("items.id")).containsExactly(a);
        assertThat(first.getInt("total")).isEqualTo(2);
        assertThat(first.getBoolean("totalExact")).isTrue();
        assertThat(list.apply(java.util.Map.of("q", numberOfA, "sort", "-totalAmount", "size", 1, "page", 1))
                        .getList("items.id"))
                .containsExactly(c);
        assertThat(list.apply(java.util.Map.of("q", numberOfA, "sort", "totalAmount"))
                        .getList("items.id"))
                .containsExactly(c, a);
        // another tenant searching the same text finds nothing of acme's
        assertThat(given().header("Authorization", Tokens.bearer("bruno"))
                        .queryParam("q", numberOfA)
                        .get("/api/invoices")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id"))
                .doesNotContain(a, c);
    }

    @Test
    void listFiltersSortsAndRejectsBadParameters() {
        String tag = "Filt" + System.nanoTime();
        String a = createAndIssue("alice", tag + " Alpha SARL", "300.00");
        String b = createAndIssue("alice", tag + " Beta GmbH", "100.00");
        String c = create("alice", tag + " Gamma BV", "200.00"); // a draft
        java.util.function.Function<java.util.Map<String, Object>, List<String>> ids =
                params -> given().header("Authorization", Tokens.bearer("vera"))
                        .queryParams(params)
                        .get("/api/invoices")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("items.id");

        assertThat(ids.apply(java.util.Map.of("counterparty", tag.toLowerCase(), "sort", "totalAmount")))
                .containsExactly(b, c, a);
        assertThat(ids.apply(java.util.Map.of("counterparty", tag, "sort", "-totalAmount")))
                .containsExactly(a, c, b);
        assertThat(ids.apply(java.util.Map.of("counterparty", tag, "status", "draft")))
                .containsExactly(c);
        assertThat(ids.apply(java.util.Map.of("q", tag + " beta"))).containsExactly(b);
        assertThat(ids.apply(java.util.Map.of(
                        "counterparty", tag, "minTotal", "150", "maxTotal", "300.00", "sort", "totalAmount")))
                .containsExactly(c, a);
        String numberOfA = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + a)
                .then()
                .extract()
                .path("number");
        assertThat(ids.apply(java.util.Map.of("q", numberOfA))).containsExactly(a);
        assertThat(ids.apply(java.util.Map.of("counterparty", tag, "direction", "PURCHASE")))
                .isEmpty();
        assertThat(ids.apply(java.util.Map.of(
                        "counterparty", tag, "dueTo", LocalDate.now().toString())))
                .isEmpty();
        assertThat(ids.apply(java.util.Map.of("counterparty", "%"))).doesNotContain(a); // wildcards are literal
        // bruno's filters never reach acme's invoices
        assertThat(given().header("Authorization", Tokens.bearer("bruno"))
                        .queryParam("counterparty", tag)
                        .get("/api/invoices")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("items.id"))
                .isEmpty();

        for (String[] bad : new String[][] {
            {"sort", "password"},
            {"status", "LOST"},
            {"direction", "SIDEWAYS"},
            {"dueFrom", "yesterday"},
            {"minTotal", "ten"}
        }) {
            given().header("Authorization", Tokens.bearer("vera"))
                    .queryParam(bad[0], bad[1])
                    .get("/api/invoices")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[0]));
        }
    }

    @Test
    void theApplicationPortServesNoManagementEndpoints() {
        for (String path : List.of("/q/openapi", "/q/swagger-ui/", "/q/metrics", "/q/health", "/q/health/live")) {
            given().get(path).then().statusCode(404);
        }
        given().get(management.resolve("swagger-ui/")).then().statusCode(200);
    }

    @Test
    void openApiHealthAndMetrics() {
        given().get(management.resolve("openapi?format=json"))
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/invoices"));
        given().get(management.resolve("health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(management.resolve("health/live")).then().statusCode(200);
        createAndIssue("alice", "Metrics SAS", "1.00");
        given().get(management.resolve("metrics"))
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("lettrage_invoices_issued_total"));
    }
}
