package app.lettrage.consent;

import app.lettrage.sandboxbank.SandboxBank;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/** The real sandbox bank (sandbox-bank module), in process on a free port, as both providers SANDBOX and GOCARDLESS, on the tests' clock. */
public class SandboxBankResource implements QuarkusTestResourceLifecycleManager {

    static volatile int port;
    /** The running bank, for tests that count or fail the requests reaching it. */
    static volatile SandboxBank sandbox;

    @Override
    public Map<String, String> start() {
        try {
            sandbox = new SandboxBank(0, TestClock.CLOCK).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = sandbox.port();
        String url = "http://127.0.0.1:" + port;
        return Map.of(
                "lettrage.consent.sandbox-url",
                url,
                "lettrage.consent.gocardless.url",
                url + "/gocardless/api/v2/",
                "lettrage.consent.gocardless.secret-id",
                "sandbox-secret-id",
                "lettrage.consent.gocardless.secret-key",
                "sandbox-secret-key",
                "lettrage.consent.redirect-uri",
                "http://app.test/consent-callback");
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }
}
