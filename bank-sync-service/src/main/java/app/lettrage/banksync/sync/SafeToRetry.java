package app.lettrage.banksync.sync;

import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/**
 * The failures of a read of consent-service after which it cannot have called the bank, so a new attempt costs
 * nothing against the account's daily reads: the connection was never made (refused, host unknown, connect
 * timeout), the token was refused (401, before any work: the OIDC client filter fetches a new one for the next
 * attempt), or the service was not there to answer (503: starting, stopping, no ready replica). Anything else may
 * have reached the bank: a 502, a timeout, a broken connection are left to the next sync.
 */
public class SafeToRetry implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            return status == 401 || status == 503;
        }
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
