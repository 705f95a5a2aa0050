package app.lettrage.bankformats;

/**
 * The bounds that keep every parser in linear time and bounded memory whatever the shape of its input. A file
 * beyond one of them is refused with a {@link StatementParseException} naming the limit and the line.
 *
 * @param maxLineLength bytes in one physical line (MT940, CODA, CSV)
 * @param maxFieldLength characters in one field: a CSV quoted field over several lines, an MT940 field with its
 *     continuation lines, an OFX text, an XML element's text
 * @param maxDepth nesting of XML elements inside one camt subtree, or of OFX aggregates
 * @param maxSubtreeElements elements in one camt subtree read into memory (a {@code Ntry}, a {@code Bal}, ...)
 */
public record Limits(int maxLineLength, int maxFieldLength, int maxDepth, int maxSubtreeElements) {

    /** Generous for real bank files (the largest field seen in practice is a few kB), small for an attacker. */
    public static final Limits DEFAULT = new Limits(LineReader.MAX_LINE, 100_000, 64, 100_000);

    static StatementParseException exceeded(long line, String field, String what, int limit) {
        return new StatementParseException(line, field, what + " exceeds the limit of " + limit);
    }
}
