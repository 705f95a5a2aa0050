package app.lettrage.banksync.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * consent-service's internal read, as a REST Client ({@code quarkus.rest-client.consent-service.*}). Each request
 * carries this service's own client-credentials token, which the OIDC client filter fetches from Keycloak, keeps until
 * it nearly expires and replaces after a 401 ({@code quarkus.oidc-client.consent-service.*}). A status of 400 or more
 * is a {@link jakarta.ws.rs.WebApplicationException}; blocking: call it off the event loop.
 */
@RegisterRestClient(configKey = "consent-service")
@OidcClientFilter("consent-service")
@Path("/internal/consents")
public interface ConsentServiceApi {

    /** What consent-service needs to read one account through a consent; psuIpAddress only when the user is present. */
    record TransactionsRequest(String tenantId, String accountId, LocalDate dateFrom, String psuIpAddress) {}

    /**
     * The account's booked and pending transactions since {@code dateFrom}. A read pages through up to 90 days of the
     * bank's history, hence the generous timeout; a timed-out read is not retried, as consent-service may still be
     * reading the bank. Only a failure that proves the bank was not called is retried ({@link SafeToRetry}): each
     * read counts against the account's four unattended reads a day.
     */
    @POST
    @Path("/{id}/transactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Timeout(value = 2, unit = ChronoUnit.MINUTES)
    @Retry(maxRetries = 2, delay = 500, jitter = 200)
    @RetryWhen(exception = SafeToRetry.class)
    JsonNode transactions(@PathParam("id") UUID consentId, TransactionsRequest request);

    /** Amounts as read, never through a double: a 17-digit amount survives, and a 3rd decimal stays visible. */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultObjectMapper) {
        return defaultObjectMapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
