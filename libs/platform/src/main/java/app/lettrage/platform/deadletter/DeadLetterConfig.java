package app.lettrage.platform.deadletter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "lettrage.dead-letters")
public interface DeadLetterConfig {

    /**
     * How often each replica measures its dead-letter topics for the gauge {@code lettrage_dlq_messages}: a scrape
     * reads the last measure, never the broker.
     */
    @WithDefault("30s")
    Duration gaugeRefresh();

    /**
     * The SASL JAAS configuration the redrive producer authenticates with, when it is not the service's own: in k8s a
     * consumer's KafkaUser may not write its producer's topic (k8s/kafka/users.yaml), so a redrive runs as a separate
     * admin KafkaUser. Unset: the service's Kafka settings ({@code kafka.*}).
     */
    Optional<String> redriveSaslJaasConfig();
}
