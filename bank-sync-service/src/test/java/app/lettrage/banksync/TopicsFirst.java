package app.lettrage.banksync;

import app.lettrage.events.Topics;
import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates bank-transactions (3 partitions, as the broker would) once the in-process broker is up and before the
 * service starts, and waits for its partition leaders. Otherwise the outbox's idempotent producer may send its first
 * records while the auto-created topic has no leader yet: the NOT_LEADER_OR_FOLLOWER retry can then wedge it in
 * OUT_OF_ORDER_SEQUENCE_NUMBER retries for the rest of the run (seen on the loaded machine).
 */
public class TopicsFirst implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ServiceTestStack.bootstrapServers()))) {
            try {
                admin.createTopics(List.of(new NewTopic(Topics.BANK_TRANSACTIONS, 3, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                TopicDescription d = admin.describeTopics(List.of(Topics.BANK_TRANSACTIONS)).allTopicNames().get()
                        .get(Topics.BANK_TRANSACTIONS);
                if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return Map.of();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no leaders for " + Topics.BANK_TRANSACTIONS + " after 60 s: " + d);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + Topics.BANK_TRANSACTIONS, e);
        }
    }

    @Override
    public void stop() {
    }

    /** After ServiceTestStack (order 0), which starts the broker. */
    @Override
    public int order() {
        return 100;
    }
}
