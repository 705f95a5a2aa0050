package app.lettrage.systemtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OTLP {@code ExportTraceServiceRequest} (protobuf, as the services' exporter sends it with
 * {@code http/protobuf}) into {@link ExportedSpan}s: the resource's {@code service.name} and, of each span, its ids,
 * name, kind, times and scalar attributes. Every other field is skipped by its wire type. It reads the protobuf wire
 * format itself, field numbers from opentelemetry-proto's trace.proto, common.proto and resource.proto, so the system
 * tests need neither generated classes nor protobuf-java. Bounded: every length is checked against the bytes left, a
 * varint is at most 10 bytes, nesting is the fixed depth of the schema, and a request of more than {@link #MAX_SPANS}
 * spans is refused.
 */
final class OtlpTraceDecoder {

    static final int MAX_SPANS = 100_000;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private OtlpTraceDecoder() {}

    /** The spans of one request; IllegalArgumentException if the bytes are not a well-formed request. */
    static List<ExportedSpan> decode(byte[] request) {
        List<ExportedSpan> spans = new ArrayList<>();
        Reader r = new Reader(request, 0, request.length);
        while (r.more()) {
            int tag = r.tag();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) { // ExportTraceServiceRequest.resource_spans
                resourceSpans(r.message(), spans);
            } else {
                r.skip(tag);
            }
        }
        return spans;
    }

    private static void resourceSpans(Reader r, List<ExportedSpan> out) {
        String service = "";
        List<Reader> scopes = new ArrayList<>();
        while (r.more()) {
            int tag = r.tag();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) { // resource
                String name = resource(r.message()).get("service.name");
                service = name == null ? "" : name;
            } else if (tag == (2 << 3 | LENGTH_DELIMITED)) { // scope_spans, read once the resource is known
                scopes.add(r.message());
            } else {
                r.skip(tag);
            }
        }
        for (Reader scope : scopes) {
            while (scope.more()) {
                int tag = scope.tag();
                if (tag == (2 << 3 | LENGTH_DELIMITED)) { // ScopeSpans.spans
                    if (out.size() >= MAX_SPANS) {
                        throw new IllegalArgumentException("more than " + MAX_SPANS + " spans in one request");
                    }
                    out.add(span(scope.message(), service));
                } else {
                    scope.skip(tag);
                }
            }
        }
    }

    private static Map<String, String> resource(Reader r) {
        Map<String, String> attributes = new LinkedHashMap<>();
        while (r.more()) {
            int tag = r.tag();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) { // Resource.attributes
                keyValue(r.message(), attributes);
            } else {
                r.skip(tag);
            }
        }
        return attributes;
    }

    private static ExportedSpan span(Reader r, String service) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        long kind = 0;
        long start = 0;
        long end = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        while (r.more()) {
            int tag = r.tag();
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED -> traceId = r.hex();
                case 2 << 3 | LENGTH_DELIMITED -> spanId = r.hex();
                case 4 << 3 | LENGTH_DELIMITED -> parent = r.hex();
                case 5 << 3 | LENGTH_DELIMITED -> name = r.string();
                case 6 << 3 | VARINT -> kind = r.varint();
                case 7 << 3 | FIXED64 -> start = r.fixed64();
                case 8 << 3 | FIXED64 -> end = r.fixed64();
                case 9 << 3 | LENGTH_DELIMITED -> keyValue(r.message(), attributes);
                default -> r.skip(tag);
            }
        }
        if (traceId.length() != 32 || spanId.length() != 16) {
            throw new IllegalArgumentException("span without a 16-byte trace id and an 8-byte span id");
        }
        return new ExportedSpan(
                service, traceId, spanId, parent, name, ExportedSpan.Kind.of(kind), start, end, attributes);
    }

    /** A KeyValue whose AnyValue is a scalar goes into {@code into}; arrays, maps and bytes are left out. */
    private static void keyValue(Reader r, Map<String, String> into) {
        String key = null;
        String value = null;
        while (r.more()) {
            int tag = r.tag();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                key = r.string();
            } else if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                value = anyValue(r.message());
            } else {
                r.skip(tag);
            }
        }
        if (key != null && value != null) {
            into.put(key, value);
        }
    }

    private static String anyValue(Reader r) {
        String value = null;
        while (r.more()) {
            int tag = r.tag();
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED -> value = r.string();
                case 2 << 3 | VARINT -> value = String.valueOf(r.varint() != 0);
                case 3 << 3 | VARINT -> value = String.valueOf(r.varint());
                case 4 << 3 | FIXED64 -> value = String.valueOf(Double.longBitsToDouble(r.fixed64()));
                default -> r.skip(tag);
            }
        }
        return value;
    }

    /** A window [pos, limit) of the request's bytes: one message. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;
        private final int limit;

        Reader(byte[] bytes, int pos, int limit) {
            this.bytes = bytes;
            this.pos = pos;
            this.limit = limit;
        }

        boolean more() {
            return pos < limit;
        }

        int tag() {
            long tag = varint();
            if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad field tag " + tag + " at byte " + pos);
            }
            return (int) tag;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (pos >= limit) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = bytes[pos++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        long fixed64() {
            require(8);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value |= (bytes[pos + i] & 0xffL) << (8 * i);
            }
            pos += 8;
            return value;
        }

        Reader message() {
            int length = length();
            Reader inner = new Reader(bytes, pos, pos + length);
            pos += length;
            return inner;
        }

        String string() {
            int length = length();
            String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        String hex() {
            int length = length();
            String s = HexFormat.of().formatHex(bytes, pos, pos + length);
            pos += length;
            return s;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case VARINT -> varint();
                case FIXED64 -> {
                    require(8);
                    pos += 8;
                }
                case LENGTH_DELIMITED -> {
                    int length = length(); // not "pos += length()": that adds to pos as it was before the varint
                    pos += length;
                }
                case FIXED32 -> {
                    require(4);
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
        }

        private int length() {
            long length = varint();
            if (length < 0 || length > limit - pos) {
                throw new IllegalArgumentException("length " + length + " beyond the message's end");
            }
            return (int) length;
        }

        private void require(int n) {
            if (limit - pos < n) {
                throw new IllegalArgumentException("truncated fixed-width field");
            }
        }
    }
}
