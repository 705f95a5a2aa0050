package app.lettrage.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks each service's liveness probe, one after the other, for as long as it runs, and keeps the slowest answer per
 * service: a request that blocks an event loop or starves the JVM shows as a stall here, as Kubernetes would see it.
 */
final class LivenessWatch {

    private final Map<String, Integer> services;
    private final Map<String, Long> slowestMillis = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    LivenessWatch(Map<String, Integer> services) {
        this.services = services;
        this.thread = new Thread(this::watch, "liveness-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void watch() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        while (running) {
            for (Map.Entry<String, Integer> s : services.entrySet()) {
                long start = System.nanoTime();
                int status;
                try {
                    status = client.send(
                                    HttpRequest.newBuilder(URI.create(
                                                    Stack.url(Stack.managementPort(s.getValue())) + "/q/health/live"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                slowestMillis.merge(s.getKey(), millis, Math::max);
                if (status != 200) {
                    synchronized (failures) {
                        failures.add(s.getKey() + " liveness answered " + status);
                    }
                }
            }
        }
    }

    /** The slowest liveness answer of each service so far, in milliseconds. */
    Map<String, Long> slowestMillis() {
        return Map.copyOf(slowestMillis);
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Stops asking and waits for the question in flight. */
    void stop() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
