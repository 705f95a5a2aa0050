package app.lettrage.sandboxbank;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tiny router over the JDK HttpServer: method + path pattern → handler; JSON in and out. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A failure answered as is (status + JSON body + headers). */
    static final class Answer extends RuntimeException {
        final int status;
        final Object body;
        final Map<String, String> headers;

        Answer(int status, Object body, Map<String, String> headers) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
            this.headers = headers;
        }

        Answer(int status, Object body) {
            this(status, body, Map.of());
        }
    }

    static final class Call {
        final HttpExchange ex;
        final Matcher path;
        final Map<String, String> query = new LinkedHashMap<>();
        final String rawBody;

        Call(HttpExchange ex, Matcher path) throws IOException {
            this.ex = ex;
            this.path = path;
            String q = ex.getRequestURI().getRawQuery();
            if (q != null) {
                for (String part : q.split("&")) {
                    int eq = part.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                    query.putIfAbsent(k, v);
                }
            }
            rawBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        }

        String header(String name) {
            String v = ex.getRequestHeaders().getFirst(name);
            return v == null || v.isBlank() ? null : v.trim();
        }

        String group(int i) {
            return path.group(i);
        }

        JsonNode json(Object errorBodyOnBadJson) {
            if (rawBody.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(rawBody);
            } catch (IOException e) {
                throw new Answer(400, errorBodyOnBadJson);
            }
        }

        /** The form fields of an application/x-www-form-urlencoded body. */
        Map<String, String> form() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String part : rawBody.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.put(
                            URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        /** The base URL the client used to reach us (for links). */
        String base() {
            String host = header("Host");
            return "http://"
                    + (host != null ? host : "127.0.0.1:" + ex.getLocalAddress().getPort());
        }
    }

    interface Handler {
        Reply handle(Call call) throws IOException;
    }

    record Reply(int status, String contentType, String body, Map<String, String> headers) {
        static Reply json(int status, Object body) {
            return json(status, body, Map.of());
        }

        static Reply json(int status, Object body, Map<String, String> headers) {
            try {
                return new Reply(
                        status, "application/json", body == null ? null : JSON.writeValueAsString(body), headers);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply html(String html) {
            return new Reply(200, "text/html; charset=utf-8", html, Map.of());
        }

        static Reply redirect(String location) {
            return new Reply(303, "text/plain", null, Map.of("Location", location));
        }
    }

    private record Route(String method, Pattern path, Handler handler) {
        String key() {
            return method + " " + path.pattern();
        }
    }

    /** Requests each route served ("METHOD pathRegex", as declared): one counter per route, so bounded. */
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    /** Requests each route is still to answer 503 instead of serving them, as a provider's outage does. */
    private final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();

    /** How many requests the route declared as {@code method pathRegex} has had, failed ones included. */
    int served(String method, String pathRegex) {
        AtomicInteger n = served.get(method + " " + pathRegex);
        return n == null ? 0 : n.get();
    }

    /** The next {@code times} requests to the route declared as {@code method pathRegex} are answered 503. */
    void failNext(String method, String pathRegex, int times) {
        String key = method + " " + pathRegex;
        if (routes.stream().noneMatch(r -> r.key().equals(key))) {
            throw new IllegalArgumentException("no such route: " + key);
        }
        failing.computeIfAbsent(key, k -> new AtomicInteger()).set(times);
    }

    private final List<Route> routes = new ArrayList<>();

    Http route(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = dispatch(ex);
        } catch (Answer a) {
            reply = Reply.json(a.status, a.body, a.headers);
        } catch (RuntimeException e) {
            reply = Reply.json(500, Map.of("error", "sandbox failure: " + e));
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private Reply dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method().equals(ex.getRequestMethod())) {
                    served.computeIfAbsent(r.key(), k -> new AtomicInteger()).incrementAndGet();
                    AtomicInteger failures = failing.get(r.key());
                    if (failures != null && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        return Reply.json(503, Map.of("error", "sandbox outage (scripted)"));
                    }
                    return r.handler().handle(new Call(ex, m));
                }
            }
        }
        return Reply.json(
                pathKnown ? 405 : 404,
                Map.of(
                        "error",
                        (pathKnown ? "method not allowed: " : "no such path: ") + ex.getRequestMethod() + " " + path));
    }
}
