package app.lettrage.testsupport;

import app.lettrage.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node KRaft broker inside the test JVM (Kafka's own test kit, same version as the client). */
public final class InProcessKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InProcessKafka start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            InProcessKafka kafka = new InProcessKafka(cluster);
            kafka.createTopics(TOPICS);
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka failed to start", e);
        }
    }

    /** The platform's topics and their dead-letter topics, 3 partitions each (as in bin/stack). */
    public static final List<String> TOPICS = List.of(
            Topics.BANK_TRANSACTIONS,
            Topics.PAYMENT_MATCHES,
            Topics.INVOICES,
            Topics.CONSENTS,
            Topics.deadLetter(Topics.BANK_TRANSACTIONS),
            Topics.deadLetter(Topics.PAYMENT_MATCHES),
            Topics.deadLetter(Topics.INVOICES),
            Topics.deadLetter(Topics.CONSENTS));

    /**
     * Creates the topics and waits for their partition leaders before any service starts: an idempotent producer
     * whose first records race the auto-creation of their topic can wedge in OUT_OF_ORDER_SEQUENCE_NUMBER retries.
     */
    public void createTopics(List<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            try {
                admin.createTopics(names.stream()
                                .map(n -> new NewTopic(n, 3, (short) 1))
                                .toList())
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topics " + names, e);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                Map<String, TopicDescription> described;
                try {
                    described = admin.describeTopics(names).allTopicNames().get();
                } catch (ExecutionException e) {
                    // just created: the broker's metadata may not know them yet (seen on a loaded machine)
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                    continue;
                }
                boolean ready = described.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without leaders after 60 s: " + described);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not describe topics " + names, e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the in-process Kafka", e);
        }
    }
}
