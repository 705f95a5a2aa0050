package app.lettrage.consent.provider;

import app.lettrage.bankconnectors.ConnectorException;
import java.net.http.HttpTimeoutException;
import java.util.function.Predicate;

/**
 * A provider failure worth one more try: the bank could not be reached, or its gateway answered 502, 503 or 504.
 * Not a timeout (the bank already had its 30 seconds, and a person may be waiting), not an interrupted call, and
 * none of the subtypes: an answer we cannot read would be the same again, and a rate limit or a consent that is over
 * is an answer, not a failure.
 */
public class TransientFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure == null || failure.getClass() != ConnectorException.class) {
            return false;
        }
        ConnectorException e = (ConnectorException) failure;
        if (e.httpStatus() == 0) {
            return !(e.getCause() instanceof HttpTimeoutException || e.getCause() instanceof InterruptedException);
        }
        return e.httpStatus() == 502 || e.httpStatus() == 503 || e.httpStatus() == 504;
    }
}
