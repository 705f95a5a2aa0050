package app.lettrage.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The AsyncAPI 3.0 document of contract v1, built from {@link EventType}, the JSON Schemas and the golden payloads, so
 * that it cannot say something the code does not do. Written to {@code docs/events/asyncapi.json}; a test fails when the
 * committed file differs from what this builds.
 */
public final class AsyncApiDocument {

    /** Who writes and who reads each topic, and how its records are keyed. */
    record Stream(String topic, String key, String producer, List<String> consumers, String description) {}

    static final List<Stream> STREAMS = List.of(
            new Stream(
                    Topics.BANK_TRANSACTIONS,
                    "tenantId:accountId",
                    "bank-sync-service",
                    List.of("reconciliation-service"),
                    "Every bank transaction imported from a statement file, a JSON batch or an open-banking sync, once."),
            new Stream(
                    Topics.PAYMENT_MATCHES,
                    "tenantId:transactionId",
                    "reconciliation-service",
                    List.of("invoice-service"),
                    "A bank transaction settles invoices, or such a settlement is undone."),
            new Stream(
                    Topics.INVOICES,
                    "tenantId:invoiceId",
                    "invoice-service",
                    List.of("reconciliation-service"),
                    "The life of an invoice: issued, changed (amount due, status), cancelled."),
            new Stream(
                    Topics.CONSENTS,
                    "tenantId:consentId",
                    "consent-service",
                    List.of("bank-sync-service"),
                    "The life of a PSD2 consent: granted with its accounts, expiring, expired, revoked."));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AsyncApiDocument() {}

    /** The document as pretty-printed JSON, ending with a newline. */
    public static String json() {
        try {
            return JSON.writeValueAsString(build()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode build() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Lettrage events");
        info.put("version", "1");
        info.put(
                "description",
                "Contract v1 of the events the Lettrage services publish on Kafka. CloudEvents 1.0 in binary mode: the"
                        + " ce_* Kafka headers carry the metadata, the record value is the JSON payload. Amounts are"
                        + " decimal strings at the currency's exponent. Changes within v1 are additive only (a new"
                        + " optional field, a new event type): consumers must ignore unknown fields and event types."
                        + " Deduplicate on ce_id; records of one key are in order. Poison records go to <topic>.dlq.");
        doc.put("defaultContentType", CloudEventHeaders.JSON);
        ObjectNode server = doc.putObject("servers").putObject("kafka");
        server.put("host", "localhost:9092");
        server.put("protocol", "kafka");
        server.put("description", "The deployment's Kafka cluster (bin/stack: localhost:9092).");

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEventHeaders", headers());

        for (Stream stream : STREAMS) {
            ObjectNode channel = channels.putObject(stream.topic());
            channel.put("address", stream.topic());
            channel.put(
                    "description",
                    stream.description() + " Producer: " + stream.producer() + ". Consumers: "
                            + String.join(", ", stream.consumers()) + ". Key: " + stream.key() + ".");
            ObjectNode channelMessages = channel.putObject("messages");
            ObjectNode operation = operations.putObject("publish-" + stream.topic());
            operation.put("action", "send");
            operation.putObject("channel").put("$ref", "#/channels/" + stream.topic());
            operation.put("summary", stream.producer() + " publishes to " + stream.topic());
            ArrayNode operationMessages = operation.putArray("messages");
            for (EventType type : EventType.values()) {
                if (!type.topic().equals(stream.topic())) {
                    continue;
                }
                String name = type.eventName();
                channelMessages.putObject(name).put("$ref", "#/components/messages/" + name);
                operationMessages.addObject().put("$ref", "#/channels/" + stream.topic() + "/messages/" + name);
                // the JSON Schemas are draft 2020-12 using only keywords that AsyncAPI's default schema format
                // (a draft-07 superset) has; their $schema would make tools reject them
                ObjectNode schema = (ObjectNode) resource(type.schemaResource());
                schema.remove("$schema");
                schemas.set(name, schema);
                messages.set(name, message(type, stream));
            }
        }
        return doc;
    }

    private static ObjectNode message(EventType type, Stream stream) {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", type.eventName());
        message.put("title", type.ceType());
        message.put("contentType", CloudEventHeaders.JSON);
        message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
        message.putObject("payload").put("$ref", "#/components/schemas/" + type.eventName());
        ObjectNode key = message.putObject("bindings").putObject("kafka").putObject("key");
        key.put("type", "string");
        key.put("description", stream.key());
        ObjectNode example = message.putArray("examples").addObject();
        example.put("name", "golden");
        ObjectNode headers = example.putObject("headers");
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        headers.put(CloudEventHeaders.TYPE, type.ceType());
        headers.put(CloudEventHeaders.SOURCE, type.source());
        headers.put(CloudEventHeaders.TENANT_ID, "acme");
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        example.set("payload", resource(type.goldenResource()));
        return message;
    }

    private static ObjectNode headers() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        Map<String, String> described = Map.of(
                CloudEventHeaders.SPEC_VERSION, "CloudEvents version, 1.0",
                CloudEventHeaders.ID, "The event id (a UUID): what consumers deduplicate on",
                CloudEventHeaders.TYPE, "lettrage.<Event>.v1",
                CloudEventHeaders.SOURCE, "The producing service, e.g. /invoice-service",
                CloudEventHeaders.TIME, "When the change happened (RFC 3339, UTC)",
                CloudEventHeaders.SUBJECT, "The id of the entity the event is about",
                CloudEventHeaders.TENANT_ID, "The tenant; equals the payload's tenantId",
                CloudEventHeaders.CONTENT_TYPE, "application/json");
        ArrayNode required = schema.putArray("required");
        for (String name : List.of(
                CloudEventHeaders.SPEC_VERSION,
                CloudEventHeaders.ID,
                CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE,
                CloudEventHeaders.TIME,
                CloudEventHeaders.SUBJECT,
                CloudEventHeaders.TENANT_ID,
                CloudEventHeaders.CONTENT_TYPE)) {
            ObjectNode header = properties.putObject(name);
            header.put("type", "string");
            header.put("description", described.get(name));
            required.add(name);
        }
        return schema;
    }

    private static JsonNode resource(String path) {
        try (InputStream in = AsyncApiDocument.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
