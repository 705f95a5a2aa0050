package app.lettrage.consent.provider;

import app.lettrage.bankconnectors.BankConnector;
import app.lettrage.bankconnectors.BerlinGroupConnector;
import app.lettrage.bankconnectors.GoCardlessConnector;
import app.lettrage.bankconnectors.Institution;
import app.lettrage.consent.Provider;
import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider connectors this deployment offers, from configuration: the sandbox bank (its NextGenPSD2 API), a
 * GoCardless account, a bank's own NextGenPSD2 interface. Connector calls block: callers run them off the event loop,
 * through {@link BankCalls} (which holds their fault-tolerance policy).
 */
@ApplicationScoped
public class Connectors {

    /** The sandbox bank's institution (sandbox-bank SandboxBank.INSTITUTION). */
    public static final String SANDBOX_INSTITUTION = "SANDBOX_BANK_SNDBBEBB";

    private final Map<Provider, BankConnector> connectors = new EnumMap<>(Provider.class);

    public Connectors(ConsentConfig config, Clock clock) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        config.sandboxUrl()
                .ifPresent(url -> connectors.put(
                        Provider.SANDBOX,
                        new BerlinGroupConnector(
                                url.resolve("/psd2/"),
                                List.of(new Institution(
                                        SANDBOX_INSTITUTION,
                                        "Sandbox Bank",
                                        "SNDBBEBB",
                                        List.of("BE", "NL", "FR", "DE", "LU"),
                                        90,
                                        180,
                                        Provider.SANDBOX.name())),
                                http,
                                clock)));
        ConsentConfig.GoCardless gc = config.gocardless();
        if (gc.url().isPresent() && gc.secretId().isPresent() && gc.secretKey().isPresent()) {
            connectors.put(
                    Provider.GOCARDLESS,
                    new GoCardlessConnector(
                            gc.url().get(), gc.secretId().get(), gc.secretKey().get(), http, clock));
        }
        ConsentConfig.BerlinGroup bg = config.berlinGroup();
        bg.url()
                .ifPresent(url -> connectors.put(
                        Provider.BERLIN_GROUP,
                        new BerlinGroupConnector(
                                url,
                                List.of(new Institution(
                                        bg.institutionId(),
                                        bg.institutionName(),
                                        null,
                                        List.of(),
                                        bg.historyDays(),
                                        bg.maxConsentDays(),
                                        Provider.BERLIN_GROUP.name())),
                                http,
                                clock)));
        Log.infof("open-banking providers offered: %s", connectors.keySet());
    }

    /** The provider's connector; a 400 naming the field when this deployment does not offer it. */
    public BankConnector of(Provider provider) {
        BankConnector c = connectors.get(provider);
        if (c == null) {
            throw ProblemException.badRequest(
                    "provider", provider + " is not configured here (offered: " + connectors.keySet() + ")");
        }
        return c;
    }

    public boolean offers(Provider provider) {
        return connectors.containsKey(provider);
    }

    /** The providers this deployment offers. */
    public Set<Provider> offered() {
        return Collections.unmodifiableSet(connectors.keySet());
    }
}
