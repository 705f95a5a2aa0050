package app.lettrage.bankformats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines from a byte stream in bounded memory, counting lines. Strips a UTF-8 BOM and CR/LF.
 * Without a declared charset each line is decoded on its own: ASCII, else UTF-8 when valid, else Windows-1252
 * (a superset of ISO-8859-1 for printable characters) -- so mixed or legacy-encoded MT940/CODA/CSV files read right.
 */
final class LineReader {
    static final int MAX_LINE = 1 << 20;
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[65536];
    private int pos;
    private int len;
    private byte[] line = new byte[256];
    private long lineNumber;
    private boolean first = true;
    private boolean eof;

    LineReader(InputStream in, Charset charset) {
        this.in = in;
        this.charset = charset;
    }

    LineReader(InputStream in) {
        this(in, null);
    }

    long lineNumber() {
        return lineNumber;
    }

    /** @return the next line without its terminator, or null at end of input */
    String readLine() throws IOException {
        if (eof) {
            return null;
        }
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos >= len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    eof = true;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (n == line.length) {
                if (n >= MAX_LINE) {
                    throw new StatementParseException(
                            lineNumber + 1,
                            null,
                            "line longer than " + MAX_LINE + " bytes: expected a text file with line breaks");
                }
                line = java.util.Arrays.copyOf(line, n * 2);
            }
            line[n++] = b;
        }
        lineNumber++;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        int start = 0;
        if (first) {
            first = false;
            if (n >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
                start = 3;
            }
        }
        return decode(line, start, n - start);
    }

    private String decode(byte[] b, int off, int n) {
        if (charset != null) {
            return new String(b, off, n, charset);
        }
        boolean ascii = true;
        for (int i = off; i < off + n; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, off, n, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer cb = utf8.reset().decode(ByteBuffer.wrap(b, off, n));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return new String(b, off, n, CP1252);
        }
    }
}
