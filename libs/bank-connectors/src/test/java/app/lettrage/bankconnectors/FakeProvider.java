package app.lettrage.bankconnectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A local HTTP server answering a provider's paths with canned responses, recording every request it got. */
final class FakeProvider implements AutoCloseable {

    record Request(String method, String pathAndQuery, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> routes = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Routes "METHOD /path" (query excluded) to a reply; the later route for a key wins. */
    FakeProvider on(String methodAndPath, Function<Request, Reply> reply) {
        routes.put(methodAndPath, reply);
        return this;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<Request> requests(String methodAndPathPrefix) {
        synchronized (requests) {
            return requests.stream()
                    .filter(r -> (r.method() + " " + r.pathAndQuery()).startsWith(methodAndPathPrefix))
                    .toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = ex.getRequestURI();
        Request req = new Request(
                ex.getRequestMethod(),
                uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                headers,
                body);
        requests.add(req);
        Function<Request, Reply> route = routes.get(ex.getRequestMethod() + " " + uri.getRawPath());
        Reply reply =
                route == null ? Reply.json(404, "{\"summary\":\"Not found\",\"status_code\":404}") : route.apply(req);
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
