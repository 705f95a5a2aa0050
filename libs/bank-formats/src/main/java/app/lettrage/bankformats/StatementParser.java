package app.lettrage.bankformats;

import java.io.IOException;
import java.io.InputStream;

/** A streaming parser of one format. Obtain one from {@link BankFormats#parser}. Instances are stateless and thread-safe. */
public interface StatementParser {

    StatementFormat format();

    /**
     * Parses {@code in} (not closed) and feeds {@code sink} one statement and one transaction at a time.
     *
     * @throws StatementParseException when the input is malformed (message names the line and what was expected)
     */
    void parse(InputStream in, StatementSink sink) throws IOException;
}
