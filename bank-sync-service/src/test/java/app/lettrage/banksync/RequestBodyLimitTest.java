package app.lettrage.banksync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JSON endpoints take at most 2 MiB, judged on the Content-Length before the body is read; only statement uploads
 * may be as large as the server's limit.
 */
@QuarkusTest
class RequestBodyLimitTest {

    private static final int THREE_MIB = 3 << 20;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aJsonBatchAboveTwoMebibytesIsRefusedWith413_andNothingIsStored() {
        String account = Api.createAccount("alice", "EUR");
        String padding = "x".repeat(THREE_MIB);
        String body = """
                {"transactions":[{"amount":"10.00","currency":"EUR","bookingDate":"2026-03-02",
                 "remittanceInformation":"%s"}]}""".formatted(padding);
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/payload-too-large"))
                .body("detail", containsString("at most 2097152"));
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aJsonBodyOfUnknownLengthIsReadUpToTheLimit_andNoFurther(HttpClient.Version version) throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String small = """
                {"transactions":[{"amount":"10.00","currency":"EUR","bookingDate":"2026-03-02",
                 "remittanceInformation":"chunked"}]}""";
        HttpResponse<String> accepted = postStreamed(version, account, small.getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

        byte[] large = ("{\"transactions\":[{\"remittanceInformation\":\"" + "x".repeat(THREE_MIB) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = postStreamed(version, account, large);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("payload-too-large");
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
    }

    private HttpResponse<String> postStreamed(HttpClient.Version version, String account, byte[] body)
            throws Exception {
        return HttpClient.newBuilder()
                .version(version)
                .build()
                .send(
                        HttpRequest.newBuilder(base.resolve("api/accounts/" + account + "/transactions"))
                                .header("Authorization", Tokens.bearer("alice"))
                                .header("Content-Type", "application/json")
                                // a stream of unknown length goes out without a Content-Length
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStatementUploadIsJudgedByTheStatementLimit_notByTheJsonOne() {
        String account = Api.createAccount("alice", "EUR");
        byte[] file = new byte[THREE_MIB];
        Arrays.fill(file, (byte) ' ');
        // the test profile's statement limit is 20,000 bytes: its own 413 names it, not the 2 MiB of JSON bodies
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType("text/csv")
                .body(file)
                .post("/api/accounts/" + account + "/statements")
                .then()
                .statusCode(413)
                .body("detail", containsString("20000"))
                .body("detail", not(containsString("2097152")));
    }
}
