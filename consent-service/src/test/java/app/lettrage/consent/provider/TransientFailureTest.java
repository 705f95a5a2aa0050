package app.lettrage.consent.provider;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.bankconnectors.ConnectorException;
import app.lettrage.bankconnectors.ConsentExpiredException;
import app.lettrage.bankconnectors.ConsentInvalidException;
import app.lettrage.bankconnectors.ProviderResponseException;
import app.lettrage.bankconnectors.RateLimitedException;
import app.lettrage.platform.problem.ProblemException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** Which provider failures are worth another try. */
class TransientFailureTest {

    private final TransientFailure transientFailure = new TransientFailure();

    @Test
    void anUnreachableBankOrAGatewayErrorIsTransient() {
        assertThat(transientFailure.test(new ConnectorException("GET bank/v1 failed", new ConnectException())))
                .isTrue();
        assertThat(transientFailure.test(new ConnectorException(502, "HTTP_502", "bank answered 502")))
                .isTrue();
        assertThat(transientFailure.test(new ConnectorException(503, "HTTP_503", "bank answered 503")))
                .isTrue();
        assertThat(transientFailure.test(new ConnectorException(504, "HTTP_504", "bank answered 504")))
                .isTrue();
    }

    @Test
    void aTimeoutOrAnInterruptIsNot_theBankHadItsTime() {
        assertThat(transientFailure.test(new ConnectorException("timed out", new HttpTimeoutException("t"))))
                .isFalse();
        assertThat(transientFailure.test(new ConnectorException("timed out", new HttpConnectTimeoutException("t"))))
                .isFalse();
        assertThat(transientFailure.test(new ConnectorException("interrupted", new InterruptedException())))
                .isFalse();
    }

    @Test
    void anAnswerIsNot_refusalsUnreadableBodiesAndClientErrors() {
        assertThat(transientFailure.test(new ProviderResponseException("consentId", "missing")))
                .isFalse();
        assertThat(transientFailure.test(new RateLimitedException(429, "ACCESS_EXCEEDED", "limit", null)))
                .isFalse();
        assertThat(transientFailure.test(new ConsentExpiredException(401, "CONSENT_EXPIRED", "over")))
                .isFalse();
        assertThat(transientFailure.test(new ConsentInvalidException(503, "CONSENT_INVALID", "unknown")))
                .isFalse();
        assertThat(transientFailure.test(new ConnectorException(500, "HTTP_500", "bank answered 500")))
                .isFalse();
        assertThat(transientFailure.test(new ConnectorException(400, "FORMAT_ERROR", "bad request")))
                .isFalse();
        assertThat(transientFailure.test(ProblemException.badRequest("institutionId", "unknown")))
                .isFalse();
        assertThat(transientFailure.test(null)).isFalse();
    }
}
