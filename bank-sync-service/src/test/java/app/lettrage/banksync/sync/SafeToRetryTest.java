package app.lettrage.banksync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failed reads of consent-service are tried again: only those that cannot have reached the bank. */
class SafeToRetryTest {

    private final SafeToRetry safe = new SafeToRetry();

    @Test
    void aConnectionNeverMadeIsTriedAgain() {
        assertThat(safe.test(new ProcessingException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(safe.test(new ProcessingException(new UnknownHostException("consent-service"))))
                .isTrue();
    }

    @Test
    void aRefusedTokenOrAnAbsentServiceIsTriedAgain() {
        assertThat(safe.test(new WebApplicationException(401))).isTrue();
        assertThat(safe.test(new WebApplicationException(503))).isTrue();
    }

    @Test
    void whatMayHaveReachedTheBankIsNot() {
        for (int status : new int[] {400, 403, 404, 409, 429, 500, 502, 504}) {
            assertThat(safe.test(new WebApplicationException(status)))
                    .as("HTTP %d", status)
                    .isFalse();
        }
        assertThat(safe.test(new TimeoutException("2 min"))).isFalse();
        assertThat(safe.test(new ProcessingException(new SocketException("Connection reset"))))
                .isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(safe.test(a)).isFalse();
    }
}
