package app.lettrage.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every operation a service's OpenAPI document declares, read from its management port: what the API security suite
 * walks, so an endpoint added tomorrow is in the matrix without anyone listing it.
 */
final class ApiOperations {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parameter of an operation: its name, where it goes (path, query, header) and its schema. */
    record Param(String name, String in, JsonNode schema) {}

    /**
     * One operation of one service. {@code roles} are the realm roles its security requirement names; empty for an
     * operation without one (public). {@code fieldSlots} are JSON bodies with one field left open ({@link #SLOT}),
     * one per property of the body's schema and per property of its objects and arrays of objects (two levels), the
     * field's name first: where a hostile value goes.
     */
    record Operation(
            String service,
            int port,
            String method,
            String path,
            List<Param> params,
            List<String> bodyTypes,
            Map<String, String> fieldSlots,
            Set<String> roles) {

        boolean secured() {
            return !roles.isEmpty();
        }

        boolean takesJson() {
            return bodyTypes.contains("application/json");
        }

        List<Param> pathParams() {
            return params.stream().filter(p -> p.in().equals("path")).toList();
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    private ApiOperations() {}

    /** The operations of the service listening on {@code port} (its document on the management port). */
    static List<Operation> of(String service, int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            Stack.url(Stack.managementPort(port)) + "/q/openapi?format=json"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("OpenAPI of " + service + ": " + r.statusCode());
            }
            return parse(service, port, JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Operation> parse(String service, int port, JsonNode doc) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            List<Param> shared = params(doc, path.getValue().path("parameters"));
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                List<Param> params = new ArrayList<>(shared);
                params.addAll(params(doc, op.getValue().path("parameters")));
                JsonNode content = op.getValue().path("requestBody").path("content");
                List<String> types = new ArrayList<>();
                content.fieldNames().forEachRemaining(types::add);
                Map<String, String> slots = content.has("application/json")
                        ? fieldSlots(doc, content.path("application/json").path("schema"))
                        : Map.of();
                Set<String> roles = new LinkedHashSet<>();
                for (JsonNode requirement : op.getValue().path("security")) {
                    requirement.elements().forEachRemaining(scopes -> scopes.forEach(s -> roles.add(s.asText())));
                }
                operations.add(new Operation(
                        service,
                        port,
                        op.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(),
                        List.copyOf(params),
                        List.copyOf(types),
                        slots,
                        Set.copyOf(roles)));
            }
        }
        return operations;
    }

    /** Where the hostile value goes in a body template. */
    static final String SLOT = "\u00a7";

    /** A body per field of the schema, down two levels, with that field's value open: field path to template. */
    static Map<String, String> fieldSlots(JsonNode doc, JsonNode schema) {
        Map<String, String> slots = new LinkedHashMap<>();
        JsonNode object = resolve(doc, schema);
        for (Map.Entry<String, JsonNode> field : object.path("properties").properties()) {
            String name = field.getKey();
            slots.put(name, "{\"" + name + "\": " + SLOT + "}");
            JsonNode value = resolve(doc, field.getValue());
            JsonNode items = resolve(doc, value.path("items"));
            for (Map.Entry<String, JsonNode> inner : value.path("properties").properties()) {
                slots.put(
                        name + "." + inner.getKey(), "{\"" + name + "\": {\"" + inner.getKey() + "\": " + SLOT + "}}");
            }
            for (Map.Entry<String, JsonNode> inner : items.path("properties").properties()) {
                slots.put(
                        name + "[0]." + inner.getKey(),
                        "{\"" + name + "\": [{\"" + inner.getKey() + "\": " + SLOT + "}]}");
            }
        }
        return Map.copyOf(slots);
    }

    private static List<Param> params(JsonNode doc, JsonNode list) {
        List<Param> params = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode param = resolve(doc, p);
            params.add(new Param(
                    param.path("name").asText(), param.path("in").asText(), resolve(doc, param.path("schema"))));
        }
        return params;
    }

    /** A {@code $ref} into the document's components, followed (a schema without one is returned as it is). */
    static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 8 && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("external reference in an OpenAPI document: " + ref);
            }
            current = doc.at(ref.substring(1));
        }
        return current;
    }
}
