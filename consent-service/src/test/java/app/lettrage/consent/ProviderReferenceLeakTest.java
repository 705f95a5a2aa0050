package app.lettrage.consent;

import static app.lettrage.consent.ConsentFlowTest.callback;
import static app.lettrage.consent.ConsentFlowTest.sca;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider's consent reference is the key to the user's bank data at the provider: it stays encrypted in our
 * database and leaves the service in no answer and no log line. Here the bank ({@link FlakyBank}) answers the status
 * read of the callback with an error whose text echoes the reference, as banks do; the 502 and everything logged
 * meanwhile must not contain it.
 */
@QuarkusTest
class ProviderReferenceLeakTest {

    private static final Pattern CONSENT_PATH = Pattern.compile("/psd2/v1/consents/([^/]+)");

    private final Captured logs = new Captured();

    @AfterEach
    void healthyAgain() {
        Logger.getLogger("").removeHandler(logs);
        FlakyBank.reset();
    }

    @Test
    void a502FromABankEchoingTheReference_namesOnlyTheStatusAndCode_inTheBodyAndTheLogs() throws Exception {
        String url = given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("""
                        {"institutionId": "BERLIN_GROUP_BANK", "provider": "BERLIN_GROUP", "validUntil": "%s"}""".formatted(TestClock.today().plusDays(30)))
                .post("/api/consents/authorisations")
                .then()
                .statusCode(201)
                .extract()
                .path("authorisationUrl");
        String state = sca(url, "approve");
        FlakyBank.reset();
        Logger.getLogger("").addHandler(logs);

        FlakyBank.echoNext(1);
        String body = callback("alice", state)
                .statusCode(502)
                .contentType("application/problem+json")
                .extract()
                .asString();

        String reference = reference(FlakyBank.requests().get(0));
        assertThat(reference).hasSizeGreaterThan(3);
        // softly: a leak in the body and one in the logs are both reported
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(body).contains("bank answered 500 INTERNAL_ERROR").doesNotContain(reference);
            softly.assertThat(logs.lines)
                    .as("the failure is logged (so the capture works)")
                    .anySatisfy(l -> assertThat(l).contains("INTERNAL_ERROR"));
            softly.assertThat(logs.lines)
                    .as("log records")
                    .noneSatisfy(l -> assertThat(l).contains(reference));
        });
    }

    private static String reference(String request) {
        Matcher m = CONSENT_PATH.matcher(request);
        assertThat(m.find()).as("a consent read: " + request).isTrue();
        return m.group(1);
    }

    /** Every log record of the service while it is installed: its message as formatted, with its stack trace. */
    private static final class Captured extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final PatternFormatter format = new PatternFormatter("%s%e");

        @Override
        public void publish(LogRecord record) {
            lines.add(format.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
