package app.lettrage.consent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox bank's NextGenPSD2 API behind a gateway that can be made to fail: provider BERLIN_GROUP goes through
 * it. Healthy, it passes every request on; {@link #failNext} answers the next requests 503 without passing them on,
 * as a bank's overloaded gateway does. It records what reached it.
 */
public class FlakyBank implements QuarkusTestResourceLifecycleManager {

    /** Headers the JDK client sets itself. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private static final AtomicInteger failures = new AtomicInteger();
    private static final AtomicInteger echoes = new AtomicInteger();
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static final List<String> psuAddresses = new CopyOnWriteArrayList<>();

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    /** The next {@code n} requests are answered 503. */
    static void failNext(int n) {
        failures.set(n);
    }

    /**
     * The next {@code n} requests are answered 500 with a tppMessage whose text echoes the request's path, which
     * carries the consent reference: as banks do ("consent ... unknown").
     */
    static void echoNext(int n) {
        echoes.set(n);
    }

    /** Healthy again, and nothing recorded. */
    static void reset() {
        failures.set(0);
        echoes.set(0);
        requests.clear();
        psuAddresses.clear();
    }

    /** "METHOD /path" of each request that reached the gateway, in order, failed or not. */
    static List<String> requests() {
        return List.copyOf(requests);
    }

    /** The PSU-IP-Address header of each request that carried one, in order. */
    static List<String> psuAddresses() {
        return List.copyOf(psuAddresses);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of(
                "lettrage.consent.berlin-group.url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/psd2/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            String psu = exchange.getRequestHeaders().getFirst("PSU-IP-Address");
            if (psu != null) {
                psuAddresses.add(psu);
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (echoes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                byte[] error = ("{\"tppMessages\":[{\"category\":\"ERROR\",\"code\":\"INTERNAL_ERROR\","
                                + "\"text\":\"nothing at "
                                + exchange.getRequestURI().getPath() + "\"}]}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange);
            answer.headers()
                    .firstValue("Content-Type")
                    .ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange) throws IOException {
        URI target = URI.create("http://127.0.0.1:" + SandboxBankResource.port + exchange.getRequestURI());
        HttpRequest.Builder request = HttpRequest.newBuilder(target);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!OWN_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try (InputStream in = exchange.getRequestBody()) {
            request.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
