package app.lettrage.platform.messaging;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.LettrageEvent;
import app.lettrage.platform.tracing.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A consumed CloudEvent (binary mode): its id, type and tenant from the {@code ce_} headers, its body parsed as the
 * record of its type. A record without an id or with an unknown type is a poison message: parsing throws, the
 * consumer's retries give up, and it goes to the dead-letter topic. {@code traceparent} is the W3C trace context the
 * record came with (null without one): the event is applied in a span that continues that trace.
 */
public record IncomingEvent(String id, EventType type, String tenantId, LettrageEvent event, String traceparent) {

    /** MDC keys of every log line written while an event is applied (beside OpenTelemetry's traceId and spanId). */
    public static final String MDC_TENANT = "tenantId";

    public static final String MDC_EVENT = "eventId";

    // io.quarkus.logging.Log is rewritten only in application classes, not in a library jar
    private static final Logger LOG = Logger.getLogger(IncomingEvent.class);

    public static IncomingEvent parse(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID)
                .orElseThrow(() -> new PoisonMessageException("no ce_id header at " + position(record)));
        String ceType = header(record, CloudEventHeaders.TYPE)
                .orElseThrow(() -> new PoisonMessageException("no ce_type header at " + position(record)));
        EventType type = EventType.ofCeType(ceType)
                .orElseThrow(
                        () -> new PoisonMessageException("unknown event type " + ceType + " at " + position(record)));
        // Only the topic's producer may publish its events, and only for the tenant it names in the headers: a record
        // from anyone else who can reach the broker, or whose headers and payload disagree, is not applied.
        String source = header(record, CloudEventHeaders.SOURCE)
                .orElseThrow(() -> new PoisonMessageException("no ce_source header at " + position(record)));
        if (!source.equals(type.source())) {
            throw new PoisonMessageException(
                    "ce_source " + source + " is not the producer of " + type.eventName() + " at " + position(record));
        }
        String headerTenant = header(record, CloudEventHeaders.TENANT_ID)
                .orElseThrow(() -> new PoisonMessageException("no ce_tenantid header at " + position(record)));
        if (record.value() == null) {
            throw new PoisonMessageException("empty body at " + position(record));
        }
        LettrageEvent event;
        try {
            event = EventJson.read(record.value(), type.recordClass());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(e.getMessage() + " at " + position(record));
        }
        if (event.tenantId() == null || event.tenantId().isBlank()) {
            throw new PoisonMessageException("event without tenant at " + position(record));
        }
        if (!event.tenantId().equals(headerTenant)) {
            throw new PoisonMessageException("ce_tenantid does not match the payload's tenant at " + position(record));
        }
        // the header of the span that published the record; the event's own trace context if the publisher had none
        String traceparent = header(record, TraceParent.HEADER)
                .or(() -> header(record, CloudEventHeaders.TRACEPARENT))
                .orElse(null);
        return new IncomingEvent(id, type, event.tenantId(), event, traceparent);
    }

    /**
     * Applies the event with bounded retries (3, exponential back-off from 100 ms): a transient failure (a lock
     * timeout, a lost connection) is tried again; one that persists fails the message, which the channel's
     * dead-letter strategy sends to {@code <topic>.dlq} so the partition keeps flowing. All attempts run in one
     * processing span, the child of the record's trace context, with the tenant and event id in the MDC.
     */
    public Uni<Void> applyWithRetries(Function<IncomingEvent, Uni<Void>> apply) {
        List<IncomingEvent> one = List.of(this);
        return inProcessingSpan(
                one,
                otel -> onSafeContext(otel, mdc(one), () -> apply.apply(this))
                        .onFailure()
                        .invoke(e -> LOG.warnf("applying %s %s failed: %s", type.eventName(), id, e.getMessage()))
                        .onFailure()
                        .retry()
                        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                        .atMost(3));
    }

    /**
     * Applies a batch of events together, once, in one processing span (the child of the first event's trace
     * context, linked to the others'), on a safe Vert.x context as {@link #applyWithRetries} does. For a consumer
     * that applies a batch in one transaction and falls back to one by one when it fails.
     */
    public static Uni<Void> applyTogether(List<IncomingEvent> events, Function<List<IncomingEvent>, Uni<Void>> apply) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return inProcessingSpan(events, otel -> onSafeContext(otel, mdc(events), () -> apply.apply(events)));
    }

    private static <T> Uni<T> inProcessingSpan(List<IncomingEvent> events, Function<Context, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = ProcessingSpan.start(events);
            return work.apply(Context.root().with(span))
                    .onTermination()
                    .invoke((item, failure, cancelled) -> ProcessingSpan.end(span, failure));
        });
    }

    /** The tenant, when the events share one, and the event id of a single event. */
    private static Map<String, String> mdc(List<IncomingEvent> events) {
        Map<String, String> mdc = new LinkedHashMap<>();
        String tenant = events.get(0).tenantId();
        if (events.stream().allMatch(e -> e.tenantId().equals(tenant))) {
            mdc.put(MDC_TENANT, tenant);
        }
        if (events.size() == 1) {
            mdc.put(MDC_EVENT, events.get(0).id());
        }
        return mdc;
    }

    /**
     * Runs {@code work} on a new duplicated Vert.x context flagged safe, as Hibernate Reactive Panache requires, and
     * resubscribes there on every retry. A retry with back-off resubscribes on Mutiny's executor, and a batch's
     * fallback can resume on the database client's event-loop context: on either, a {@code @WithTransaction} failed
     * with "requires a safe (isolated) Vert.x sub-context" and a good record went to the dead-letter topic (seen in
     * invoice-service's batch test). Each attempt also gets a fresh session. The span context {@code otel} is made
     * current and {@code mdc} put in the MDC on that context (both are stored in the duplicated context, which only
     * this attempt uses): the effect's database work, log lines and outbox rows see them.
     */
    static <T> Uni<T> onSafeContext(Context otel, Map<String, String> mdc, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            io.vertx.core.Context current = io.vertx.core.Vertx.currentContext();
            io.quarkus.arc.ArcContainer container = io.quarkus.arc.Arc.container();
            io.vertx.core.Vertx vertx = current != null
                    ? current.owner()
                    : container != null
                            ? container.instance(io.vertx.core.Vertx.class).get()
                            : null;
            if (vertx == null) { // outside Quarkus (a plain unit test): nothing needs a Vert.x context
                Scope scope = otel.makeCurrent();
                mdc.forEach(MDC::put);
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                } finally {
                    mdc.keySet().forEach(MDC::remove);
                    scope.close();
                }
                return;
            }
            io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(
                    current != null ? current : vertx.getOrCreateContext());
            io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                Scope scope = otel.makeCurrent();
                mdc.forEach(MDC::put);
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    scope.close();
                    emitter.fail(e);
                    return;
                }
                uni.subscribe()
                        .with(
                                item -> {
                                    scope.close();
                                    emitter.complete(item);
                                },
                                failure -> {
                                    scope.close();
                                    emitter.fail(failure);
                                });
            });
        });
    }

    public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null
                ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static String position(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    /** A message that can never be processed. */
    public static class PoisonMessageException extends IllegalArgumentException {
        public PoisonMessageException(String message) {
            super(message);
        }
    }
}
