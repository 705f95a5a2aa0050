package app.lettrage.bankconnectors;

import app.lettrage.shareddata.SharedData;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real-bank fixtures (../shared/fixtures, never copied into the repo): absent, a test skips on a user's
 * clone and fails in CI (see SharedData). The GoCardless ones live inside JavaScript test files: the
 * object literals are cut out and read leniently (unquoted names, single quotes, trailing commas).
 */
final class Fixtures {

    private static final JsonMapper JS = JsonMapper.builder()
            .enable(
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private Fixtures() {}

    static Path dir() {
        return SharedData.require("fixtures");
    }

    static String text(String relative) {
        Path p = SharedData.require("fixtures/" + relative);
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JsonReadHolder.MAPPER.readTree(text(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object or array literal assigned by the {@code occurrence}-th (0-based) {@code const name = } in a JS file. */
    static JsonNode jsLiteral(String relative, String name, int occurrence) {
        String js = text(relative);
        int at = -1;
        for (int i = 0; i <= occurrence; i++) {
            at = js.indexOf("const " + name + " = ", at + 1);
            if (at < 0) {
                at = js.indexOf("export const " + name + " = ", 0);
                if (at < 0 || i < occurrence) {
                    throw new IllegalArgumentException(name + " #" + occurrence + " not in " + relative);
                }
            }
        }
        int start = js.indexOf(" = ", at) + 3;
        int end = balancedEnd(js, start);
        try {
            return JS.readTree(js.substring(start, end));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " in " + relative, e);
        }
    }

    private static int balancedEnd(String s, int start) {
        int depth = 0;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced literal");
    }

    private static final class JsonReadHolder {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = JsonHttp.JSON;
    }
}
