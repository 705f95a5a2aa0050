package app.lettrage.bankconnectors;

import java.time.Instant;

/**
 * The provider refused the call for its rate: Berlin Group ACCESS_EXCEEDED (the four unattended calls a day are
 * used), GoCardless 429 RateLimitError. {@code resetAt} is when to try again (null when the provider did not say).
 */
public class RateLimitedException extends ConnectorException {

    private final Instant resetAt;

    public RateLimitedException(int httpStatus, String code, String message, Instant resetAt) {
        super(httpStatus, code, message);
        this.resetAt = resetAt;
    }

    public Instant resetAt() {
        return resetAt;
    }
}
