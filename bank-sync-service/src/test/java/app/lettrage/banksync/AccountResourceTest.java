package app.lettrage.banksync;

import static app.lettrage.banksync.Api.entry;
import static app.lettrage.banksync.Api.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, not the application port. */
    @TestHTTPResource(value = "", management = true)
    URI management;

    @Test
    void createGetAndListAccounts() {
        String iban = Api.freshIban();
        String spaced = iban.replaceAll("(.{4})", "$1 ").toLowerCase();
        String id = given().header("Authorization", Tokens.bearer("arthur"))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", spaced, "currency", "EUR", "name", "Main account"))
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/accounts/"))
                .body("iban", equalTo(iban))
                .body("currency", equalTo("EUR"))
                .body("name", equalTo("Main account"))
                .extract()
                .path("id");

        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/accounts/" + id)
                .then()
                .statusCode(200)
                .body("iban", equalTo(iban))
                .body("id", equalTo(id));
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/accounts")
                .then()
                .statusCode(200)
                .body("id", hasItem(id));

        // the same IBAN twice in one tenant is a conflict; another tenant may hold it
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", iban, "currency", "EUR"))
                .post("/api/accounts")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/account-exists"));
        given().header("Authorization", Tokens.bearer("bruno"))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", iban, "currency", "EUR"))
                .post("/api/accounts")
                .then()
                .statusCode(201);
    }

    @Test
    void accountValidationNamesTheField() {
        String iban = Api.freshIban();
        String badCheck =
                iban.substring(0, 2) + (iban.charAt(2) == '9' ? '0' : (char) (iban.charAt(2) + 1)) + iban.substring(3);
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", badCheck, "currency", "EUR"))
                .post("/api/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("iban"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", iban, "currency", "XYZ"))
                .post("/api/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("currency"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(Map.of("currency", "EUR"))
                .post("/api/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("iban"));
    }

    @Test
    void importStoresNewTransactionsAndListsThemNewestFirst() {
        String account = Api.createAccount("alice", "EUR");
        List<Map<String, Object>> batch = List.of(
                with(
                        with(
                                with(
                                        entry("1250.5", "2026-11-20", "Dupont SARL", "Facture FV-2026-00042"),
                                        "structuredReference",
                                        "rf18 5390 0754 7034"),
                                "counterpartyIban",
                                "de89 3704 0044 0532 0130 00"),
                        "valueDate",
                        "2026-11-21"),
                with(entry("-80.50", "2026-11-22", "Fournisseur SA", "Loyer novembre"), "bankReference", "BR-1"),
                with(entry("-3", "2026-11-19", null, "Frais"), "status", "PENDING"));
        JsonPath summary = Api.importOk("arthur", account, batch);
        assertThat(summary.getInt("received")).isEqualTo(3);
        assertThat(summary.getInt("imported")).isEqualTo(3);
        assertThat(summary.getInt("duplicates")).isZero();
        List<String> ids = summary.getList("transactionIds");
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        assertThat(Api.storedTransactions(account)).isEqualTo(3);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);

        JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("id")).containsExactly(ids.get(1), ids.get(0), ids.get(2));
        assertThat(list.getList("amount")).containsExactly("-80.50", "1250.50", "-3.00");
        assertThat(list.getList("status")).containsExactly("BOOKED", "BOOKED", "PENDING");
        assertThat(list.getList("source")).containsOnly("API");
        assertThat(list.getString("[1].structuredReference")).isEqualTo("RF18539007547034");
        assertThat(list.getString("[1].structuredReferenceType")).isEqualTo("ISO11649");
        assertThat(list.getString("[1].counterpartyIban")).isEqualTo("DE89370400440532013000");
        assertThat(list.getString("[1].valueDate")).isEqualTo("2026-11-21");
        assertThat(list.getString("[0].bankReference")).isEqualTo("BR-1");
        assertThat(list.getString("[1].accountId")).isEqualTo(account);

        // filters and paging
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("bookedFrom", "2026-11-20")
                .queryParam("bookedTo", "2026-11-21")
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .body("id", equalTo(List.of(ids.get(0))));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("page", 1)
                .queryParam("size", 2)
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .body("id", equalTo(List.of(ids.get(2))));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("bookedFrom", "20/11/2026")
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("bookedFrom"));
    }

    @Test
    void repostingTheSameBatchImportsNothing() {
        String account = Api.createAccount("alice", "EUR");
        List<Map<String, Object>> batch = List.of(
                entry("100.00", "2026-11-02", "Client A", "Facture 1"),
                with(entry("-20.00", "2026-11-02", "Supplier B", "Order 7"), "bankReference", "REF-7"),
                entry("55.10", "2026-11-03", "Client C", null));
        assertThat(Api.importOk("alice", account, batch).getInt("imported")).isEqualTo(3);

        JsonPath again = Api.importOk("alice", account, batch);
        assertThat(again.getInt("received")).isEqualTo(3);
        assertThat(again.getInt("imported")).isZero();
        assertThat(again.getInt("duplicates")).isEqualTo(3);
        assertThat(again.getList("transactionIds")).isEmpty();
        assertThat(Api.storedTransactions(account)).isEqualTo(3);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);

        // white space and case in texts do not make a transaction new; the bank reference alone identifies one
        JsonPath reformatted = Api.importOk(
                "alice",
                account,
                List.of(
                        entry("100", "2026-11-02", "  CLIENT   a ", "facture 1"),
                        with(
                                entry("-20.00", "2026-11-02", "Supplier B (renamed)", "Order 7 again"),
                                "bankReference",
                                "REF-7")));
        assertThat(reformatted.getInt("imported")).isZero();
        assertThat(reformatted.getInt("duplicates")).isEqualTo(2);

        // a real difference is a new transaction
        assertThat(Api.importOk("alice", account, List.of(entry("100.00", "2026-11-02", "Client A", "Facture 2")))
                        .getInt("imported"))
                .isEqualTo(1);
        assertThat(Api.storedTransactions(account)).isEqualTo(4);
    }

    @Test
    void twoIdenticalPaymentsOnOneDayBothCountAndStayDeduplicated() {
        String account = Api.createAccount("alice", "EUR");
        Map<String, Object> coffee = entry("-4.20", "2026-11-05", "Café du Coin", "CB 05/11");
        JsonPath first = Api.importOk("alice", account, List.of(coffee, coffee));
        assertThat(first.getInt("imported")).isEqualTo(2);
        assertThat(first.getInt("duplicates")).isZero();
        assertThat(first.getList("transactionIds")).hasSize(2).doesNotHaveDuplicates();

        JsonPath again = Api.importOk("alice", account, List.of(coffee, coffee));
        assertThat(again.getInt("imported")).isZero();
        assertThat(again.getInt("duplicates")).isEqualTo(2);
        // an overlapping import showing one of them is no news either; one showing a third one is
        assertThat(Api.importOk("alice", account, List.of(coffee)).getInt("imported"))
                .isZero();
        assertThat(Api.importOk("alice", account, List.of(coffee, coffee, coffee))
                        .getInt("imported"))
                .isEqualTo(1);
        // the same payment on another day is another transaction
        assertThat(Api.importOk("alice", account, List.of(with(coffee, "bookingDate", "2026-11-06")))
                        .getInt("imported"))
                .isEqualTo(1);
        assertThat(Api.storedTransactions(account)).isEqualTo(4);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(4);

        // the same bank reference twice in one batch is one transaction
        JsonPath refs = Api.importOk(
                "alice",
                account,
                List.of(
                        with(entry("9.99", "2026-11-07", "X", null), "bankReference", "R-1"),
                        with(entry("9.99", "2026-11-07", "X", null), "bankReference", "R-1")));
        assertThat(refs.getInt("imported")).isEqualTo(1);
        assertThat(refs.getInt("duplicates")).isEqualTo(1);
    }

    @Test
    void concurrentImportsOfTheSameBatchStoreItOnce() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            batch.add(entry("3.00", "2026-11-08", "Twin", "same")); // 400 identical: occurrences 1..400
        }
        Api.importOk("alice", account, List.of(entry("1.00", "2026-11-01", "warm-up", null)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            // large enough batches, started together, that the three transactions overlap
            var start = new java.util.concurrent.CyclicBarrier(3);
            List<java.util.concurrent.Future<JsonPath>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return Api.importOk("alice", account, batch);
                }));
            }
            int imported = 0;
            int duplicates = 0;
            for (var f : results) {
                JsonPath r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                imported += r.getInt("imported");
                duplicates += r.getInt("duplicates");
            }
            assertThat(imported).isEqualTo(400);
            assertThat(duplicates).isEqualTo(800);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Api.storedTransactions(account)).isEqualTo(401);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(401);
    }

    @Test
    void anInvalidEntryRejectsTheWholeBatchNamingEntryAndField() {
        String account = Api.createAccount("alice", "EUR");
        Map<String, Object> good = entry("10.00", "2026-11-10", "Good", "fine");
        List<Map<String, Object>> batch = new ArrayList<>(List.of(
                good,
                with(good, "currency", "USD"),
                with(good, "currency", "EURO"),
                with(good, "bookingDate", null),
                with(good, "amount", "10.001"),
                with(good, "amount", "1,5"),
                with(good, "counterpartyIban", "DE00370400440532013000"),
                with(with(good, "amount", null), "counterpartyBic", "not a bic")));
        JsonPath problem = Api.post("alice", account, batch)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/validation"))
                .body("status", equalTo(400))
                .extract()
                .jsonPath();
        assertThat(problem.getList("errors.field"))
                .containsExactly(
                        "transactions[1].currency",
                        "transactions[2].currency",
                        "transactions[3].bookingDate",
                        "transactions[4].amount",
                        "transactions[5].amount",
                        "transactions[6].counterpartyIban",
                        "transactions[7].amount",
                        "transactions[7].counterpartyBic");
        assertThat(problem.getString("errors[0].message")).contains("USD").contains("EUR");
        assertThat(problem.getString("detail")).contains("transactions[1].currency");
        // nothing was written, not even the valid entry
        assertThat(Api.storedTransactions(account)).isZero();
        assertThat(Api.outboxEvents("acme", account)).isZero();

        // JPY has no decimals
        String yen = Api.createAccount("alice", "JPY");
        Api.post(
                        "alice",
                        yen,
                        List.of(
                                with(with(good, "currency", "JPY"), "amount", "1000"),
                                with(with(good, "currency", "JPY"), "amount", "100.5")))
                .statusCode(400)
                .body("errors.field", equalTo(List.of("transactions[1].amount")));
        assertThat(Api.storedTransactions(yen)).isZero();

        // a malformed date or status is named by the JSON reader
        Api.post("alice", account, List.of(good, with(good, "bookingDate", "10/11/2026")))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("transactions[1].bookingDate"));
        Api.post("alice", account, List.of(with(good, "status", "SETTLED")))
                .statusCode(400)
                .body("errors[0].field", equalTo("transactions[0].status"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("transactions"));
        assertThat(Api.storedTransactions(account)).isZero();
    }

    @Test
    void aBatchAboveTheLimitIsRefused() {
        String account = Api.createAccount("alice", "EUR");
        List<Map<String, Object>> big = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            big.add(entry("1.00", "2026-11-11", "Payer " + i, null));
        }
        Api.post("alice", account, big)
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/batch-too-large"))
                .body("errors[0].field", equalTo("transactions"));
        assertThat(Api.storedTransactions(account)).isZero();

        // the limit itself is fine, in one transaction
        JsonPath summary = Api.importOk("alice", account, big.subList(0, 1000));
        assertThat(summary.getInt("imported")).isEqualTo(1000);
        assertThat(Api.storedTransactions(account)).isEqualTo(1000);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(1000);
    }

    @Test
    void authenticationRolesAndTenancy() {
        String account = Api.createAccount("alice", "EUR");
        List<Map<String, Object>> batch = List.of(entry("42.00", "2026-11-12", "Tenant Test", null));

        given().get("/api/accounts").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/accounts/" + account + "/transactions").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("transactions", batch))
                .post("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/accounts")
                .then()
                .statusCode(401);

        // a viewer reads, never writes
        Api.post("vera", account, batch).statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("vera"))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", Api.freshIban(), "currency", "EUR"))
                .post("/api/accounts")
                .then()
                .statusCode(403);
        assertThat(Api.storedTransactions(account)).isZero();
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));

        // another tenant's account does not exist for bruno, whatever he tries
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/accounts/" + account)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.post("bruno", account, batch).statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/accounts")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(account)));
        assertThat(Api.storedTransactions(account)).isZero();
        assertThat(Api.outboxEvents("globex", account)).isZero();

        // an unknown account is the same 404
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/accounts/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void openApiHealthAndMetrics() {
        given().get(management.resolve("openapi?format=json"))
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/accounts/{id}/transactions"));
        given().get(management.resolve("health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        // the application port, which the ingress routes, serves none of the management endpoints
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get(management.resolve("health/live")).then().statusCode(200);

        double newBefore = counter("new");
        double duplicateBefore = counter("duplicate");
        String account = Api.createAccount("alice", "EUR");
        List<Map<String, Object>> batch =
                List.of(entry("1.00", "2026-11-13", "Metrics", null), entry("2.00", "2026-11-13", "Metrics", null));
        Api.importOk("alice", account, batch);
        Api.importOk("alice", account, batch);
        assertThat(counter("new") - newBefore).isEqualTo(2.0);
        assertThat(counter("duplicate") - duplicateBefore).isEqualTo(2.0);
    }

    /** The value of lettrage_transactions_imported_total{outcome=...} on the Prometheus endpoint (0 if absent). */
    double counter(String outcome) {
        String text = given().get(management.resolve("metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return text.lines()
                .filter(l -> l.startsWith("lettrage_transactions_imported_total{")
                        && l.contains("outcome=\"" + outcome + "\""))
                .map(l -> l.split(" # ", 2)[0]) // an exemplar (trace and span id) may follow the value
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0.0);
    }

    @Test
    void aPageBeyondTheMaximumIsABadRequestNotAnOverflow() {
        String account = Api.createAccount("alice", "EUR");
        for (String list : List.of("/transactions", "/import-jobs")) {
            given().header("Authorization", Tokens.bearer("vera"))
                    .queryParam("page", Integer.MAX_VALUE)
                    .get("/api/accounts/" + account + list)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("page"));
            given().header("Authorization", Tokens.bearer("vera"))
                    .queryParam("page", 100_000)
                    .get("/api/accounts/" + account + list)
                    .then()
                    .statusCode(200);
        }
    }
}
