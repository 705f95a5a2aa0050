package app.lettrage.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "lettrage.consent")
public interface ConsentConfig {

    /** The longest a consent may run, in days from today (PSD2 RTS Art. 10a: 180 days between authentications). */
    @WithDefault("180")
    int maxValidityDays();

    /**
     * The AES-256 key (base64 of 32 bytes) that encrypts provider consent references at rest. From a Secret in
     * production; rotating it makes the stored references unreadable (the consents must be re-authorised). Absent:
     * the service runs, but connecting a bank answers 503 until it is set.
     */
    Optional<String> encryptionKey();

    /** Where the bank sends the user back after SCA (the web app's callback page); the state is appended. */
    @WithDefault("http://localhost:8081/consent-callback")
    URI redirectUri();

    /** How long a started authorisation may be completed. */
    @WithDefault("PT30M")
    Duration stateTtl();

    /** How often the expiry job runs (publishes ConsentExpiring 14 and 7 days ahead, ConsentExpired after). */
    @WithDefault("PT1H")
    Duration expiryCheckEvery();

    /** How often the gauge of consents expiring within 14 days is measured. */
    @WithDefault("PT1M")
    Duration expiringGaugeRefresh();

    /** The sandbox bank (provider SANDBOX: its Berlin Group API); absent: no sandbox. */
    Optional<URI> sandboxUrl();

    GoCardless gocardless();

    BerlinGroup berlinGroup();

    interface GoCardless {
        /** API root, e.g. https://bankaccountdata.gocardless.com/api/v2/ ; absent: GoCardless not offered. */
        Optional<URI> url();

        Optional<String> secretId();

        Optional<String> secretKey();
    }

    /** One bank reached directly through its NextGenPSD2 interface (absent: none). */
    interface BerlinGroup {
        Optional<URI> url();

        @WithDefault("BERLIN_GROUP_BANK")
        String institutionId();

        @WithDefault("Berlin Group bank")
        String institutionName();

        @WithDefault("90")
        int historyDays();

        @WithDefault("180")
        int maxConsentDays();
    }
}
