package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A service with no collector named exports its spans nowhere: Quarkus' OTLP exporter, whose endpoint always has a
 * value, must not be the one that receives them (it would log a connection error for every batch). The OTLP endpoint
 * is set here to a socket that counts the connections it gets; with no collector named, a flushed span must reach
 * none.
 */
@QuarkusTest
@TestProfile(TracingWithoutCollectorTest.ListeningEndpoint.class)
class TracingWithoutCollectorTest {

    /** A port that accepts and counts connections, as a collector would see an exporter's. */
    static final class CountingSocket {
        static final ServerSocket SOCKET = open();
        static final AtomicInteger CONNECTIONS = new AtomicInteger();

        private static ServerSocket open() {
            try {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Thread accepting = new Thread(
                        () -> {
                            while (!socket.isClosed()) {
                                try {
                                    Socket connection = socket.accept();
                                    CONNECTIONS.incrementAndGet();
                                    connection.close();
                                } catch (IOException closed) {
                                    return;
                                }
                            }
                        },
                        "counting-collector");
                accepting.setDaemon(true);
                accepting.start();
                return socket;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static class ListeningEndpoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // as application.properties would set it: not the environment, so no collector is named
            return Map.of(
                    "quarkus.otel.exporter.otlp.traces.endpoint",
                    "http://127.0.0.1:" + CountingSocket.SOCKET.getLocalPort());
        }
    }

    @Inject
    OpenTelemetry openTelemetry;

    @AfterAll
    static void close() throws IOException {
        CountingSocket.SOCKET.close();
    }

    @Test
    void aFinishedSpanIsExportedToNoCollectorWhenNoneIsNamed() {
        Span span = openTelemetry.getTracer("test").spanBuilder("no-collector").startSpan();
        assertThat(span.getSpanContext().isValid()).as("spans are still made").isTrue();
        span.end();

        assertThat(openTelemetry).isInstanceOf(OpenTelemetrySdk.class);
        // a flush returns once every exporter has been handed the batch (and an OTLP one has tried to connect)
        assertThat(((OpenTelemetrySdk) openTelemetry)
                        .getSdkTracerProvider()
                        .forceFlush()
                        .join(10, TimeUnit.SECONDS)
                        .isDone())
                .isTrue();

        assertThat(CountingSocket.CONNECTIONS.get()).isZero();
    }
}
