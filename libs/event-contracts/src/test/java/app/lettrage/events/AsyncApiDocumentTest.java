package app.lettrage.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed AsyncAPI document is the one the contract builds: an event type, schema or golden payload changed
 * without regenerating it fails here. Regenerate with
 * {@code ./mvnw -pl libs/event-contracts test -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true}.
 */
class AsyncApiDocumentTest {

    static final Path COMMITTED = Path.of("../../docs/events/asyncapi.json");

    @Test
    void theCommittedDocumentIsTheOneTheContractBuilds() throws IOException {
        String built = AsyncApiDocument.json();
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, built, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/events/asyncapi.json is stale: regenerate it (see this test's comment)")
                .isEqualTo(built);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventIsAMessageOfItsTopic_withItsSchemaAndAnExampleThatConformsToIt(EventType type) throws Exception {
        JsonNode doc = AsyncApiDocument.build();
        String name = type.eventName();
        assertThat(doc.at("/channels/" + type.topic() + "/messages/" + name + "/$ref")
                        .asText())
                .isEqualTo("#/components/messages/" + name);
        JsonNode message = doc.at("/components/messages/" + name);
        assertThat(message.at("/title").asText()).isEqualTo(type.ceType());
        JsonNode schema = doc.at("/components/schemas/" + name);
        assertThat(schema.at("/title").asText()).isEqualTo(name);
        assertThat(schema.has("$schema")).isFalse();
        JsonNode example = message.at("/examples/0/payload");
        assertThat(EventSchemas.errors(type, example.toString())).isEmpty();
        assertThat(message.at("/examples/0/headers/ce_type").asText()).isEqualTo(type.ceType());
        assertThat(doc.at("/operations/publish-" + type.topic() + "/messages").toString())
                .contains("#/channels/" + type.topic() + "/messages/" + name);
    }

    @Test
    void everyTopicHasAProducerAndItsKey() {
        JsonNode channels = AsyncApiDocument.build().get("channels");
        assertThat(channels.size()).isEqualTo(AsyncApiDocument.STREAMS.size());
        for (EventType type : EventType.values()) {
            assertThat(channels.has(type.topic())).as(type.topic()).isTrue();
            assertThat(channels.get(type.topic()).get("description").asText())
                    .contains("Producer: ")
                    .contains("Key: tenantId:");
        }
    }
}
