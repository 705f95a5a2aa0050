package app.lettrage.bankformats;

import java.io.IOException;

/** The input is not a valid file of the expected format. The message names the line, the field and what was expected. */
public class StatementParseException extends IOException {
    private final long line;
    private final String field;

    public StatementParseException(long line, String field, String message) {
        this(line, field, message, null);
    }

    public StatementParseException(long line, String field, String message, Throwable cause) {
        super("line " + line + (field == null ? "" : ", " + field) + ": " + message, cause);
        this.line = line;
        this.field = field;
    }

    public long line() {
        return line;
    }

    public String field() {
        return field;
    }
}
