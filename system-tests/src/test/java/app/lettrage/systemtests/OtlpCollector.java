package app.lettrage.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace collector inside the test JVM: the services of the system tests' stack export their spans to it
 * ({@code POST /v1/traces}, {@code application/x-protobuf}, as quarkus-opentelemetry sends them with the
 * {@code http/protobuf} protocol). It keeps only the spans of traces a test {@link #watch watches} (a test starts its
 * own trace, so it names it before anything of it can arrive), at most {@link #MAX_SPANS_PER_TRACE} a trace: every
 * other test of the shared stack makes spans too, and those are counted and dropped.
 */
final class OtlpCollector {

    static final String PATH = "/v1/traces";
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    static final int MAX_SPANS_PER_TRACE = 10_000;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, List<ExportedSpan>> watched = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong spans = new AtomicLong();

    private OtlpCollector(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Listens on 127.0.0.1:{@code port} until the JVM exits (the stack's services may export until they stop). */
    static OtlpCollector start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-collector");
                t.setDaemon(true);
                return t;
            });
            OtlpCollector collector = new OtlpCollector(server, workers);
            server.createContext(PATH, collector::handle);
            server.setExecutor(workers);
            server.start();
            return collector;
        } catch (IOException e) {
            throw new IllegalStateException("OTLP collector cannot listen on port " + port, e);
        }
    }

    /** The base URL the services export to (their exporter appends {@link #PATH}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Keeps the spans of this trace (32 hex digits) from now on. */
    void watch(String traceId) {
        watched.putIfAbsent(traceId, new ArrayList<>());
    }

    /** The spans of a watched trace received so far, in arrival order. */
    List<ExportedSpan> trace(String traceId) {
        List<ExportedSpan> trace = watched.get(traceId);
        if (trace == null) {
            throw new IllegalStateException("trace " + traceId + " is not watched");
        }
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    /** Export requests accepted and spans read from them, of every trace. */
    String stats() {
        return requests.get() + " export requests, " + spans.get() + " spans";
    }

    void stop() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            int status = receive(exchange);
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            // an empty ExportTraceServiceResponse: no partial_success, every span accepted
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }

    private int receive(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            return 404;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            return 405;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-protobuf")) {
            return 415;
        }
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        byte[] body;
        try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return 413;
        }
        List<ExportedSpan> received;
        try {
            received = OtlpTraceDecoder.decode(body);
        } catch (IllegalArgumentException e) {
            return 400;
        }
        requests.incrementAndGet();
        spans.addAndGet(received.size());
        for (ExportedSpan span : received) {
            List<ExportedSpan> trace = watched.get(span.traceId());
            if (trace != null) {
                synchronized (trace) {
                    if (trace.size() < MAX_SPANS_PER_TRACE) {
                        trace.add(span);
                    }
                }
            }
        }
        return 200;
    }
}
