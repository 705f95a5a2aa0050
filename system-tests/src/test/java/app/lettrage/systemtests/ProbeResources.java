package app.lettrage.systemtests;

import static io.restassured.RestAssured.given;

import app.lettrage.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * One resource of each kind a path parameter names, owned by the API security suite's tenant A and settled (the
 * invoice paid through a real import and match), so another tenant's requests on them can be told apart from
 * requests on ids that exist nowhere. Keyed by the path before the first parameter, e.g. {@code /api/invoices/}.
 */
final class ProbeResources {

    private static final String IBAN = "BE68539007547034";

    private final Map<String, String> idsByPathPrefix;

    private ProbeResources(Map<String, String> idsByPathPrefix) {
        this.idsByPathPrefix = Map.copyOf(idsByPathPrefix);
    }

    /** The id of tenant A's resource a path with parameters addresses, if the suite made one of that kind. */
    Optional<String> idFor(String path) {
        int brace = path.indexOf('{');
        return brace < 0 ? Optional.empty() : Optional.ofNullable(idsByPathPrefix.get(path.substring(0, brace)));
    }

    /** What the resources are, for the report. */
    Map<String, String> ids() {
        return idsByPathPrefix;
    }

    static ProbeResources create(String admin) {
        Map<String, String> ids = new LinkedHashMap<>();
        String invoiceId = given().baseUri(Stack.url(Stack.INVOICE))
                .header("Authorization", Tokens.bearer(admin))
                .contentType(ContentType.JSON)
                .body("""
                        {"counterpartyName": "Probe SA", "currency": "EUR", "totalAmount": "431.20", "dueDate": "%s"}""".formatted(LocalDate.now().plusDays(30)))
                .post("/api/invoices")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String number = given().baseUri(Stack.url(Stack.INVOICE))
                .header("Authorization", Tokens.bearer(admin))
                .post("/api/invoices/" + invoiceId + "/issue")
                .then()
                .statusCode(200)
                .extract()
                .path("number");
        ids.put("/api/invoices/", invoiceId);

        String accountId = given().baseUri(Stack.url(Stack.BANK_SYNC))
                .header("Authorization", Tokens.bearer(admin))
                .contentType(ContentType.JSON)
                .body("{\"iban\": \"" + IBAN + "\", \"currency\": \"EUR\", \"name\": \"Probe account\"}")
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        ids.put("/api/accounts/", accountId);

        String transactionId = given().baseUri(Stack.url(Stack.BANK_SYNC))
                .header("Authorization", Tokens.bearer(admin))
                .contentType(ContentType.JSON)
                .body("""
                        {"transactions": [{"bankReference": "PROBE-%1$s", "amount": "431.20", "currency": "EUR",
                          "bookingDate": "%2$s", "counterpartyName": "PROBE SA",
                          "remittanceInformation": "Invoice %1$s"}]}""".formatted(number, LocalDate.now()))
                .post("/api/accounts/" + accountId + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .path("transactionIds[0]");
        ids.put("/api/transactions/", transactionId);

        ExtractableResponse<Response> upload = given().baseUri(Stack.url(Stack.BANK_SYNC))
                .header("Authorization", Tokens.bearer(admin))
                .contentType("text/plain")
                .body(StatementImportIT.mt940(IBAN, "12.00").getBytes(StandardCharsets.UTF_8))
                .post("/api/accounts/" + accountId + "/statements")
                .then()
                .statusCode(202)
                .extract();
        ids.put("/api/import-jobs/", upload.path("id"));

        JsonPath consent = given().baseUri(Stack.url(Stack.CONSENT))
                .header("Authorization", Tokens.bearer(admin))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "institutionId",
                        "SANDBOX_BANK_SNDBBEBB",
                        "provider",
                        "SANDBOX",
                        "validUntil",
                        LocalDate.now().plusDays(90).toString()))
                .post("/api/consents/authorisations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        ids.put("/api/consents/", consent.getString("consent.id"));
        // the person approves at the bank: the consent's accounts become sync accounts of the tenant in bank-sync
        approve(consent.getString("authorisationUrl"), admin);
        String[] syncAccountId = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> accounts = given().baseUri(Stack.url(Stack.BANK_SYNC))
                    .header("Authorization", Tokens.bearer(admin))
                    .get("/api/sync/accounts")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("id");
            syncAccountId[0] = accounts == null || accounts.isEmpty() ? null : accounts.get(0);
            return syncAccountId[0] != null;
        });
        ids.put("/api/sync/accounts/", syncAccountId[0]);

        // the paying line is matched over Kafka: the match exists and the invoice is paid before anyone probes them
        String[] matchId = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> matches = given().baseUri(Stack.url(Stack.RECONCILIATION))
                    .header("Authorization", Tokens.bearer(admin))
                    .get("/api/matches")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("matchId");
            matchId[0] = matches == null || matches.isEmpty() ? null : matches.get(0);
            return matchId[0] != null;
        });
        ids.put("/api/matches/", matchId[0]);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> "PAID"
                        .equals(given().baseUri(Stack.url(Stack.INVOICE))
                                .header("Authorization", Tokens.bearer(admin))
                                .get("/api/invoices/" + invoiceId)
                                .then()
                                .extract()
                                .path("status")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            String state = given().baseUri(Stack.url(Stack.BANK_SYNC))
                    .header("Authorization", Tokens.bearer(admin))
                    .get("/api/import-jobs/" + upload.path("id"))
                    .then()
                    .extract()
                    .path("status");
            return "SUCCEEDED".equals(state) || "FAILED".equals(state);
        });
        return new ProbeResources(ids);
    }

    private static void approve(String authorisationUrl, String user) {
        try {
            OpenBankingIT.approveAndComeBack(authorisationUrl, user);
        } catch (Exception e) {
            throw new IllegalStateException("approving the consent at the sandbox bank", e);
        }
    }
}
