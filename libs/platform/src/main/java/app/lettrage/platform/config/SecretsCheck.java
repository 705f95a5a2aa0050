package app.lettrage.platform.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Reads the required secrets once at start, so that a missing one stops the service before it takes traffic. */
@ApplicationScoped
class SecretsCheck {

    void onStart(@Observes StartupEvent start, ServiceSecrets secrets) {
        if (secrets.oidcClient().isBlank()) {
            throw new IllegalStateException("OIDC_CLIENT_SECRET (lettrage.secrets.oidc-client) is empty");
        }
    }
}
