package app.lettrage.consent.provider;

import app.lettrage.bankconnectors.Institution;
import app.lettrage.consent.Provider;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The banks each provider offers, kept for a while (cache {@code institutions}, see application.properties): the list
 * changes a few times a year, while asking for it spends the provider quota that every tenant shares, and one
 * provider token serves them all. A provider's answer is kept per country; a failure is not kept, so the next request
 * asks again. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class InstitutionDirectory {

    /** Longer than any connector's own bound on one exchange (10 s to connect, 30 s to answer). */
    private static final Duration WAIT = Duration.ofMinutes(1);

    private final Connectors connectors;
    private final Cache cache;

    public InstitutionDirectory(Connectors connectors, @CacheName("institutions") Cache cache) {
        this.connectors = connectors;
        this.cache = cache;
    }

    /** What is asked of one provider: its institutions in a country, or in every country ({@code country} null). */
    record Question(Provider provider, String country) {}

    /** Institutions of every provider in a country; a provider that cannot answer is left out (and logged). */
    public List<Institution> inCountry(String country) {
        List<Institution> out = new ArrayList<>();
        for (Provider provider : connectors.offered()) {
            try {
                out.addAll(of(provider, country));
            } catch (RuntimeException e) {
                Log.warnf("institutions of %s unavailable: %s", provider, e.getMessage());
            }
        }
        return out;
    }

    /** One institution of a provider, or a 400 naming institutionId. */
    public Institution institution(Provider provider, String institutionId, String country) {
        connectors.of(provider); // a 400 naming the provider when it is not offered here
        return of(provider, country).stream()
                .filter(i -> i.id().equals(institutionId))
                .findFirst()
                .orElseThrow(() ->
                        ProblemException.badRequest("institutionId", "unknown at " + provider + ": " + institutionId));
    }

    private List<Institution> of(Provider provider, String country) {
        return cache.get(
                        new Question(provider, country),
                        q -> connectors.of(provider).institutions(country).stream()
                                .map(i -> new Institution(
                                        i.id(),
                                        i.name(),
                                        i.bic(),
                                        i.countries(),
                                        i.historyDays(),
                                        i.maxConsentDays(),
                                        provider.name()))
                                .toList())
                .await()
                .atMost(WAIT);
    }
}
