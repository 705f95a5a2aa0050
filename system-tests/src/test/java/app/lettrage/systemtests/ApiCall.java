package app.lettrage.systemtests;

import app.lettrage.systemtests.ApiOperations.Operation;
import app.lettrage.systemtests.ApiOperations.Param;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One request to one operation, built from its OpenAPI description: path parameters filled (a fresh id where none is
 * given), chosen query parameters and headers, a body of a given type. Sent as it is, without a client library's
 * opinions on what a caller may send.
 */
final class ApiCall {

    /** Headers the JDK client sets itself and refuses from a caller. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What came back: the status, the media type and the start of the body. */
    record Reply(int status, String contentType, String body) {

        boolean problem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private final Operation operation;
    private final Map<String, String> pathValues = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String contentType;
    private byte[] body;

    private ApiCall(Operation operation) {
        this.operation = operation;
    }

    static ApiCall to(Operation operation) {
        return new ApiCall(operation);
    }

    /** Every path parameter the operation has that is not set yet gets {@code id}. */
    ApiCall ids(String id) {
        operation.pathParams().forEach(p -> pathValues.putIfAbsent(p.name(), id));
        return this;
    }

    ApiCall bearer(String token) {
        return token == null ? this : header("Authorization", "Bearer " + token);
    }

    ApiCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** {@code value} as the parameter, wherever the operation takes it (path, query or header). */
    ApiCall param(Param param, String value) {
        switch (param.in()) {
            case "path" -> pathValues.put(param.name(), value);
            case "query" -> query.put(param.name(), value);
            case "header" -> headers.put(param.name(), value);
            default -> throw new IllegalArgumentException("parameter in " + param.in());
        }
        return this;
    }

    /** Whether the JDK client can carry the parameter value at all (it refuses some headers and header values). */
    static boolean sendable(Param param, String value) {
        if (!param.in().equals("header")) {
            return true;
        }
        if (RESTRICTED.contains(param.name().toLowerCase(Locale.ROOT))) {
            return false;
        }
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && value.length() <= 4_000;
    }

    ApiCall body(String type, String text) {
        return body(type, text.getBytes(StandardCharsets.UTF_8));
    }

    ApiCall body(String type, byte[] bytes) {
        this.contentType = type;
        this.body = bytes;
        return this;
    }

    /** A plausible body for the operation: an empty JSON object, or one byte of a file for an upload. */
    ApiCall defaultBody() {
        if (operation.takesJson()) {
            return body("application/json", "{}");
        }
        if (!operation.bodyTypes().isEmpty()) {
            return body("text/plain", "x");
        }
        return this;
    }

    Reply send() {
        ids(UUID.randomUUID().toString());
        String path = operation.path();
        for (Map.Entry<String, String> p : pathValues.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", encode(p.getValue()));
        }
        StringBuilder uri = new StringBuilder(Stack.url(operation.port())).append(path);
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                operation.method(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpRequest built = request.build();
        try {
            return exchange(built);
        } catch (IOException first) {
            // the server closes the connection after an HTTP-level refusal (414, 431); the client may have reused it
            // for this request. Once more on a new connection: a second failure is the service's.
            try {
                return exchange(built);
            } catch (IOException e) {
                return new Reply(599, "", "no response: " + e);
            }
        }
    }

    private static Reply exchange(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            String text = r.body() == null ? "" : r.body();
            return new Reply(
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""),
                    text.length() > 300 ? text.substring(0, 300) : text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** URL encoding as in a path segment or a query value: a space as %20, a slash as %2F. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
