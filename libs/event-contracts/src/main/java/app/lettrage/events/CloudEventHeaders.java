package app.lettrage.events;

/** CloudEvents 1.0 binary-mode Kafka header names (the {@code ce_} prefix of the Kafka protocol binding). */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /** Extension attribute {@code tenantid}. */
    public static final String TENANT_ID = "ce_tenantid";
    /**
     * Distributed-tracing extension attribute {@code traceparent}: the W3C trace context in which the event was
     * created (the span that wrote its outbox row). The plain {@code traceparent} header beside it names the span that
     * published it.
     */
    public static final String TRACEPARENT = "ce_traceparent";

    public static final String CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {}
}
