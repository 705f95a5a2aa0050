package app.lettrage.banksync;

import static io.restassured.RestAssured.given;

import app.lettrage.identifiers.Iban;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Calls of the API as the tests make them, and direct looks into the service's database. */
final class Api {

    private static final AtomicLong NEXT_ACCOUNT = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    private Api() {}

    /** A German IBAN that nobody used in this run, with correct check digits. */
    static String freshIban() {
        return Iban.of("DE", "37040044" + String.format("%010d", NEXT_ACCOUNT.incrementAndGet()));
    }

    static String createAccount(String user, String currency) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(Map.of("iban", freshIban(), "currency", currency, "name", "Test " + currency))
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> entry(String amount, String bookingDate, String counterparty, String remittance) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("amount", amount);
        e.put("currency", "EUR");
        e.put("bookingDate", bookingDate);
        e.put("counterpartyName", counterparty);
        e.put("remittanceInformation", remittance);
        return e;
    }

    static Map<String, Object> with(Map<String, Object> entry, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(entry);
        copy.put(field, value);
        return copy;
    }

    static io.restassured.response.ValidatableResponse post(String user, String accountId, List<?> entries) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(Map.of("transactions", entries))
                .post("/api/accounts/" + accountId + "/transactions")
                .then();
    }

    static JsonPath importOk(String user, String accountId, List<?> entries) {
        return post(user, accountId, entries).statusCode(200).extract().jsonPath();
    }

    /** Rows of bank_transaction of the account, straight from the database. */
    static long storedTransactions(String accountId) {
        return count("SELECT count(*) FROM bank_transaction WHERE account_id = ?::uuid", accountId);
    }

    /** Outbox rows keyed to the account (published or not), straight from the database. */
    static long outboxEvents(String tenant, String accountId) {
        return count("SELECT count(*) FROM outbox_event WHERE message_key = ?", tenant + ":" + accountId);
    }

    private static long count(String sql, String arg) {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
