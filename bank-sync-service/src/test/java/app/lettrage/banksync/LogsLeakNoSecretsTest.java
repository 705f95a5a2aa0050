package app.lettrage.banksync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * No log line of bank-sync-service carries an IBAN or a bearer token. Runs last among the classes of its Quarkus
 * application (junit-platform.properties) and reads the test run's whole log file ({@code target/quarkus-test.log}:
 * every class that ran before it, imports that failed or were refused, tokens refused), after provoking the likeliest leaks
 * itself: a refused bearer token and an unreadable statement.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class LogsLeakNoSecretsTest {

    /** Two letters, two check digits, then 11 to 30 letters or digits, in groups of four or not. */
    static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");

    static final Pattern BEARER = Pattern.compile("Bearer\\s+\\S", Pattern.CASE_INSENSITIVE);

    static final Path LOG = Path.of("target/quarkus-test.log");

    @Test
    void noLogLineCarriesAnIbanOrABearerToken() throws IOException {
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl")
                .get("/api/accounts")
                .then()
                .statusCode(401);
        String account = Api.createAccount("alice", "EUR");
        String iban = StatementImportJobTest.ibanOf(account);
        // a statement that cannot be read, its bad line next to the account's IBAN: refused whole (422)
        StatementImportJobTest.upload(
                        "alice",
                        account,
                        "text/plain",
                        StatementImportJobTest.mt940(iban, ":61:2611201120C5OO,OONTRF" + iban),
                        "MT940")
                .statusCode(422);

        assertThat(LOG).exists();
        List<String> leaks = leaks(Files.readAllLines(LOG, StandardCharsets.UTF_8));
        assertThat(leaks).as("log lines with an IBAN or a bearer token").isEmpty();
    }

    @Test
    void theScanFindsAnIbanOrABearerTokenWhereverItStands() {
        assertThat(leaks(List.of(
                        "12:00:01 INFO  [a.l.b.s.StatementEntries] counterparty BE68 5390 0754 7034 refused",
                        "12:00:02 WARN  [i.q.o.r.OidcProvider] header Authorization: bearer eyJhbGciOi",
                        "12:00:03 INFO  [a.l.b.s.ImportPass] job 3f2a imported 120 entries, 120.00 EUR")))
                .hasSize(2)
                .allMatch(l -> !l.contains("ImportPass"));
    }

    static List<String> leaks(List<String> lines) {
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            Matcher iban = IBAN.matcher(line);
            if (iban.find() || BEARER.matcher(line).find()) {
                leaks.add(line);
            }
        }
        return leaks;
    }
}
