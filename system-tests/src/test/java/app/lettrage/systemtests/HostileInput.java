package app.lettrage.systemtests;

import java.util.List;
import java.util.UUID;

/**
 * The values a hostile caller sends: to every parameter (derived from nothing but its being a string on the wire),
 * as every field of a JSON body (derived from the body's schema), and as whole bodies. Each is something a service
 * must refuse with a 4xx or take as it is, never answer with a 5xx.
 */
final class HostileInput {

    private HostileInput() {}

    /** Values for a path, query or header parameter, before URL encoding. */
    static List<String> parameterValues() {
        return List.of(
                "",
                " ",
                "-1",
                "0",
                "2147483648",
                "-9223372036854775809",
                "99999999999999999999999999999999999999",
                "0.000000000000000000000000000000001",
                "1e309",
                "-1E-400",
                "NaN",
                "Infinity",
                "0x7fffffff",
                "9999-12-31",
                "0000-00-00",
                "2026-02-30",
                "+999999999-12-31",
                "P999999999999D",
                "../../../../etc/passwd",
                "' OR '1'='1' --",
                "<script>alert(1)</script>",
                "\u0000",
                "\uD83D\uDE00\u202E",
                "null",
                "[]",
                "{\"$gt\": \"\"}",
                "a".repeat(5_000),
                UUID.randomUUID().toString());
    }

    /** Values for one JSON field, as JSON text. */
    static List<String> fieldValues() {
        return List.of(
                "null",
                "-1",
                "0",
                "1e400",
                "-1e-400",
                "123456789012345678901234567890.123456789",
                "0.0000000000000000000001",
                "\"\"",
                "\"" + "x".repeat(100_000) + "\"",
                "\"9999-99-99\"",
                "\"-999999999999999999.99\"",
                "\"\\u0000\"",
                "true",
                "[]",
                "[" + "1,".repeat(20_000) + "1]",
                "{}",
                nested(200));
    }

    /** Whole bodies that are not what any JSON operation expects. */
    static List<String> bodies() {
        return List.of(
                "",
                "null",
                "[]",
                "\"x\"",
                "{",
                "{\"a\":",
                "{} {}",
                "\u0000\u0001\u0002",
                nested(10_000),
                "{\"x\": \"" + "y".repeat(2_000_000) + "\"}");
    }

    /** {@code depth} nested arrays: a parser that recurses per level without a bound overflows its stack. */
    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}
