package app.lettrage.platform.config;

import io.smallrye.config.ConfigMapping;

/**
 * The secrets every service needs, read only from the environment. They are required properties, so a deployment
 * that forgot one fails at start, naming it, instead of running with a value committed to the repository; the dev
 * and test profiles give their local stack's values.
 */
@ConfigMapping(prefix = "lettrage.secrets")
public interface ServiceSecrets {

    /** The service's Keycloak client secret ({@code OIDC_CLIENT_SECRET}). */
    String oidcClient();
}
