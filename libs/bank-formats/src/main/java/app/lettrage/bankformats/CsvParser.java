package app.lettrage.bankformats;

import java.io.IOException;
import java.io.InputStream;

public final class CsvParser implements StatementParser {
    private final CsvMapping mapping;

    public CsvParser(CsvMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public StatementFormat format() {
        return StatementFormat.CSV;
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
