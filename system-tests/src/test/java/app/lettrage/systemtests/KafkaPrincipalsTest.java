package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.InProcessKafka;
import app.lettrage.testsupport.Repo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka principals of {@code k8s/kafka/users.yaml} on a real broker with SCRAM-SHA-512 and the standard
 * authorizer: each service, logged in as itself with the ACLs the file grants it, can write exactly the topics its
 * own configuration produces to (the outbox topic, the dead-letter topics of its consumers) and read exactly the
 * topics it consumes with its own consumer group; every other topic and group is refused. The expectation is read from
 * the services' {@code application.properties}, so a new channel without its ACL, or an ACL wider than the channels,
 * fails here rather than in production.
 */
class KafkaPrincipalsTest {

    private static final List<String> SERVICES =
            List.of("consent-service", "bank-sync-service", "invoice-service", "reconciliation-service");
    private static final String ADMIN = "plain-admin";
    private static final String ADMIN_PASSWORD = "plain-admin-secret";

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startASecuredBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerListenerName(ListenerName.normalised("EXTERNAL"))
                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        // the controller's own listener authenticates too: its peers are the test kit's super user
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .build())
                // PLAIN for the test's own super user (the test kit's), SCRAM for the services, as in production
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(admin())) {
            admin.createTopics(InProcessKafka.TOPICS.stream()
                            .map(t -> new NewTopic(t, 1, (short) 1))
                            .toList())
                    .all()
                    .get();
            List<UserScramCredentialUpsertion> users = SERVICES.stream()
                    .map(s -> new UserScramCredentialUpsertion(
                            s, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password(s)))
                    .toList();
            admin.alterUserScramCredentials(List.copyOf(users)).all().get();
            admin.createAcls(aclsOfUsersYaml()).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(admin()))) {
                for (String topic : InProcessKafka.TOPICS) {
                    producer.send(new ProducerRecord<>(topic, "k", "written by the admin"))
                            .get();
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachServiceWritesOnlyTheTopicsItProducesTo() throws Exception {
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Channels channels = Channels.of(service);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(scram(service)))) {
                for (String topic : InProcessKafka.TOPICS) {
                    boolean expected = channels.writes().contains(topic);
                    if (expected != writes(producer, topic)) {
                        wrong.computeIfAbsent(service, s -> new ArrayList<>())
                                .add((expected ? "cannot write " : "can write ") + topic);
                    }
                }
            }
        }
        assertThat(wrong).as("writes that differ from the services' channels").isEmpty();
        // the check is not vacuous: every service produces somewhere, and someone is refused somewhere
        assertThat(SERVICES).allSatisfy(s -> assertThat(Channels.of(s).writes()).isNotEmpty());
    }

    @Test
    void eachServiceReadsOnlyTheTopicsItConsumes_withItsOwnGroupOnly() throws Exception {
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Channels channels = Channels.of(service);
            for (String topic : InProcessKafka.TOPICS) {
                boolean expected = channels.reads().contains(topic);
                if (expected != reads(service, service, topic)) {
                    wrong.computeIfAbsent(service, s -> new ArrayList<>())
                            .add((expected ? "cannot read " : "can read ") + topic);
                }
            }
            for (String topic : channels.consumes()) {
                String otherGroup = SERVICES.stream()
                        .filter(s -> !s.equals(service))
                        .findFirst()
                        .orElseThrow();
                if (reads(service, otherGroup, topic)) {
                    wrong.computeIfAbsent(service, s -> new ArrayList<>())
                            .add("can read " + topic + " as group " + otherGroup);
                }
            }
        }
        assertThat(wrong).as("reads that differ from the services' channels").isEmpty();
        assertThat(Channels.of("reconciliation-service").consumes())
                .containsExactlyInAnyOrder("invoices", "bank-transactions");
    }

    /** What a service's configuration produces to and consumes, from its application.properties. */
    record Channels(Set<String> writes, Set<String> consumes, Set<String> deadLetters) {

        Set<String> reads() {
            Set<String> reads = new LinkedHashSet<>(consumes);
            // a consumer reads the dead-letter topics it writes: their size metric and the inspection endpoint
            reads.addAll(deadLetters);
            return reads;
        }

        static Channels of(String service) {
            Properties props = new Properties();
            Path file = Repo.root().resolve(service + "/src/main/resources/application.properties");
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Set<String> writes = new LinkedHashSet<>();
            Set<String> consumes = new LinkedHashSet<>();
            Set<String> deadLetters = new LinkedHashSet<>();
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key).strip();
                if (key.startsWith("mp.messaging.outgoing.") && key.endsWith(".topic")) {
                    writes.add(value);
                } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".dead-letter-queue.topic")) {
                    deadLetters.add(value);
                    writes.add(value);
                } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic")) {
                    consumes.add(value);
                } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                    assertThat(value)
                            .as(key + ": the ACLs grant each service the group of its name")
                            .isEqualTo(service);
                }
            }
            return new Channels(writes, consumes, deadLetters);
        }
    }

    private static boolean writes(KafkaProducer<String, String> producer, String topic) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return false;
            }
            throw new IllegalStateException("write to " + topic, e);
        }
    }

    /** Reads the admin's record of {@code topic} as {@code service} in {@code group} and commits the offset. */
    private static boolean reads(String service, String group, String topic) {
        Properties props = scram(service);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(consumer.position(partition))));
                    return true;
                }
            }
            throw new IllegalStateException("no record of " + topic + " within 30 s and no refusal either");
        } catch (AuthorizationException e) {
            return false;
        }
    }

    /** The ACLs of every KafkaUser in k8s/kafka/users.yaml, as the Strimzi User Operator would create them. */
    private static List<AclBinding> aclsOfUsersYaml() throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        Path file = Repo.root().resolve("k8s/kafka/users.yaml");
        try (MappingIterator<JsonNode> docs =
                new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode user = docs.next();
                if (user == null || !"KafkaUser".equals(user.path("kind").asText())) {
                    continue;
                }
                String principal = "User:" + user.path("metadata").path("name").asText();
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourceType type =
                            ResourceType.fromString(resource.path("type").asText());
                    String name = type == ResourceType.CLUSTER
                            ? "kafka-cluster"
                            : resource.path("name").asText();
                    // Strimzi's "prefix" is Kafka's PREFIXED
                    PatternType pattern =
                            resource.path("patternType").asText("literal").equals("prefix")
                                    ? PatternType.PREFIXED
                                    : PatternType.fromString(constant(
                                            resource.path("patternType").asText("literal")));
                    for (JsonNode operation : acl.path("operations")) {
                        bindings.add(new AclBinding(
                                new ResourcePattern(type, name, pattern),
                                new AccessControlEntry(
                                        principal,
                                        "*",
                                        AclOperation.fromString(constant(operation.asText())),
                                        AclPermissionType.ALLOW)));
                    }
                }
            }
        }
        assertThat(bindings).as("ACLs in k8s/kafka/users.yaml").isNotEmpty();
        assertThat(bindings)
                .as("every resource type and operation of users.yaml is one Kafka knows")
                .noneMatch(b -> b.isUnknown());
        return bindings;
    }

    /** Strimzi's spelling to Kafka's: {@code IdempotentWrite} to {@code IDEMPOTENT_WRITE}, {@code topic} to TOPIC. */
    static String constant(String strimzi) {
        return strimzi.replaceAll("(?<=[a-z])(?=[A-Z])", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties producer(Properties props) {
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // as the services' outbox relay: idempotent, acks=all
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    private static Properties admin() {
        Properties props = base();
        props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        props.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + ADMIN_PASSWORD + "\";");
        return props;
    }

    private static Properties scram(String service) {
        Properties props = base();
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + service
                        + "\" password=\"" + password(service) + "\";");
        return props;
    }

    private static Properties base() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        return props;
    }

    private static String password(String service) {
        return service + "-test-password";
    }
}
