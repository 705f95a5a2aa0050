package app.lettrage.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PSU-IP-Address the bank receives is the user's: the peer's address, or the X-Forwarded-For address only when
 * the peer is a trusted proxy (127.0.0.1 in this configuration). A client that is not a trusted proxy cannot choose
 * the address the bank sees by sending the header itself.
 */
@QuarkusTest
class PsuAddressTest {

    private static final String FORGED = "203.0.113.66";

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void reset() {
        FlakyBank.reset();
    }

    private static String body() {
        return """
                {"institutionId": "BERLIN_GROUP_BANK", "provider": "BERLIN_GROUP", "validUntil": "%s"}""".formatted(TestClock.today().plusDays(30));
    }

    @Test
    void aTrustedProxysForwardedAddressIsTheUsers() {
        given().header("Authorization", Tokens.bearer("alice"))
                .header("X-Forwarded-For", FORGED + ", 10.0.0.7")
                .contentType(ContentType.JSON)
                .body(body())
                .post("/api/consents/authorisations")
                .then()
                .statusCode(201);
        assertThat(FlakyBank.psuAddresses()).containsExactly(FORGED);
    }

    @Test
    void anUntrustedClientsForwardedHeaderIsIgnored_theBankSeesThePeer() throws IOException {
        String payload = body();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        String request = "POST /api/consents/authorisations HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + root.getPort() + "\r\n"
                + "Authorization: " + Tokens.bearer("alice") + "\r\n"
                + "X-Forwarded-For: " + FORGED + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0)); // not a trusted proxy
            socket.connect(new InetSocketAddress("127.0.0.1", root.getPort()), 30_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 201");
        }
        assertThat(FlakyBank.psuAddresses()).containsExactly("127.0.0.2");
    }
}
