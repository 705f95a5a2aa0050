package app.lettrage.banksync.sync;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for consent-service's internal read (POST /internal/consents/{id}/transactions), answering what a test
 * scripts per consent: the bank's side (connectors, sandbox bank) is tested in their own modules and end to end in
 * OpenBankingIT; here what matters is what bank-sync does with each answer. Records every request it got.
 */
public class ScriptedConsentService implements QuarkusTestResourceLifecycleManager {

    /** An answer; with {@code release}, given only once the test releases it (or after a minute). */
    public record Reply(int status, String body, CountDownLatch release) {

        public Reply(int status, String body) {
            this(status, body, null);
        }

        /** This answer, held until {@code release} is counted down: a read that takes as long as the test wants. */
        Reply heldUntil(CountDownLatch release) {
            return new Reply(status, body, release);
        }
    }

    public record Call(String consentId, String body, String authorization) {}

    static final Map<String, Deque<Reply>> SCRIPT = new ConcurrentHashMap<>();
    static final List<Call> CALLS = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    static void script(String consentId, Reply... replies) {
        SCRIPT.computeIfAbsent(consentId, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(replies));
    }

    static List<Call> calls(String consentId) {
        synchronized (CALLS) {
            return CALLS.stream().filter(c -> c.consentId().equals(consentId)).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // a held answer must not hold up the others
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/internal/consents/", ex -> {
            String path = ex.getRequestURI().getPath(); // /internal/consents/{id}/transactions
            String id = path.split("/")[3];
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CALLS.add(new Call(id, body, ex.getRequestHeaders().getFirst("Authorization")));
            Deque<Reply> q = SCRIPT.get(id);
            Reply r = q == null || q.isEmpty()
                    ? new Reply(502, "{\"status\":502,\"detail\":\"nothing scripted\"}")
                    : q.poll();
            if (r.release() != null) {
                try {
                    r.release().await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders()
                    .add("Content-Type", r.status() == 200 ? "application/json" : "application/problem+json");
            ex.sendResponseHeaders(r.status(), bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        return Map.of(
                "quarkus.rest-client.consent-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
