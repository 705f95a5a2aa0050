package app.lettrage.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "lettrage.consent")
public interface ConsentConfig {

    /** The longest a consent may run, in days from today (PSD2 RTS Art. 10a: 180 days between authentications). */
    @WithDefault("180")
    int maxValidityDays();
}
