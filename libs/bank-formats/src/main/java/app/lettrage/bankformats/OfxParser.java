package app.lettrage.bankformats;

import java.io.IOException;
import java.io.InputStream;

public final class OfxParser implements StatementParser {
    @Override
    public StatementFormat format() {
        return StatementFormat.OFX;
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
