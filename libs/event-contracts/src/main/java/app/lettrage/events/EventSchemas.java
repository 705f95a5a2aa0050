package app.lettrage.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates payloads against the JSON Schemas of contract v1. For tests (producer tests check every event they
 * publish); it needs com.networknt:json-schema-validator on the class path, which services have in test scope only.
 */
public final class EventSchemas {

    private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);

    private EventSchemas() {}

    public static synchronized JsonSchema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = EventSchemas.class.getResourceAsStream(t.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + t.schemaResource());
                }
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The validation errors of a payload, empty when it is valid. */
    public static Set<String> errors(EventType type, String json) {
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            return schema(type).validate(node).stream()
                    .map(ValidationMessage::getMessage)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }

    /** Throws an {@link AssertionError} listing the errors when the payload does not conform. */
    public static void assertValid(EventType type, String json) {
        Set<String> errors = errors(type, json);
        if (!errors.isEmpty()) {
            throw new AssertionError(type.eventName() + " does not conform to its schema: " + errors + "\n" + json);
        }
    }

    public static String golden(EventType type) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(type.goldenResource())) {
            if (in == null) {
                throw new IllegalStateException("missing golden payload " + type.goldenResource());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
