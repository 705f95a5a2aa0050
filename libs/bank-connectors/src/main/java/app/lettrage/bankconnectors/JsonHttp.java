package app.lettrage.bankconnectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP + JSON plumbing both connectors share. Errors name the provider's host, never a URL's path or a header: paths
 * carry consent and account references, headers credentials.
 */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Response(int status, HttpHeaders headers, JsonNode body, String raw) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * The largest response body read: a page of several thousand transactions is well under it, and a provider that
     * answers more (by fault or malice) cannot exhaust the service's memory.
     */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    JsonHttp(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Response send(String method, URI uri, Map<String, String> headers, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("request body not serialisable", e);
            }
        }
        HttpResponse<InputStream> r;
        String raw;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            raw = bounded(r.body(), uri);
        } catch (IOException e) {
            throw new ConnectorException(
                    method + " " + uri.getHost() + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted calling " + uri.getHost(), e);
        }
        JsonNode json = MissingNode.getInstance();
        if (!raw.isBlank()) {
            try {
                json = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                if (r.statusCode() < 300) {
                    throw new ProviderResponseException(
                            "body", "not JSON (" + contentType(r.headers()) + ") from " + uri.getHost());
                }
            }
        }
        return new Response(r.statusCode(), r.headers(), json, raw);
    }

    /** The body as UTF-8, refused once it exceeds {@link #MAX_BODY_BYTES} (read no further than that). */
    private static String bounded(InputStream body, URI uri) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ProviderResponseException(
                        "body", "larger than " + MAX_BODY_BYTES + " bytes from " + uri.getHost() + ", refused");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String contentType(HttpHeaders h) {
        return h.firstValue("Content-Type").orElse("no content type");
    }
}
