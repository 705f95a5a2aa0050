package app.lettrage.platform.deadletter;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The dead-letter topics of this service, read from its channel configuration: every incoming channel whose
 * {@code failure-strategy} is {@code dead-letter-queue} has one ({@code dead-letter-queue.topic}, SmallRye's
 * {@code dead-letter-topic-<channel>} by default), and a record redriven from it goes back to the channel's topic.
 * So every service that consumes gets the admin endpoints for exactly the DLQs it writes, and nothing else.
 */
@ApplicationScoped
public class DeadLetterTopics {

    private static final Pattern STRATEGY = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.failure-strategy");

    /** dead-letter topic to source topic, sorted */
    private final Map<String, String> sourceOf;

    public DeadLetterTopics(Config config) {
        Map<String, String> topics = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            Matcher m = STRATEGY.matcher(name);
            if (!m.matches()
                    || !"dead-letter-queue"
                            .equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String channel = m.group(1);
            String prefix = "mp.messaging.incoming." + channel + ".";
            String source =
                    config.getOptionalValue(prefix + "topic", String.class).orElse(channel);
            String dlq = config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class)
                    .orElse("dead-letter-topic-" + channel);
            topics.put(dlq, source);
        }
        this.sourceOf = Collections.unmodifiableMap(topics);
    }

    /** The dead-letter topics and the topic each one's records came from. */
    public Map<String, String> all() {
        return sourceOf;
    }

    /** The source topic of a dead-letter topic of this service; empty for any other topic. */
    public Optional<String> sourceOf(String deadLetterTopic) {
        return Optional.ofNullable(sourceOf.get(deadLetterTopic));
    }
}
