package app.lettrage.bankformats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** Detects a statement format from the first few KB of content (never from the file name). */
public final class FormatDetector {
    /** How many bytes are peeked. */
    public static final int PEEK = 16 * 1024;

    private static final Pattern MT_TAG = Pattern.compile("(?m)^:(20|25|28C?|60[FM]|61|62[FM]|86):");
    private static final Pattern CODA_HEADER = Pattern.compile("^0{5}\\d{6}");

    private FormatDetector() {}

    /** Peeks at a stream that supports mark/reset (wrap in {@link BufferedInputStream} first). The stream is reset. */
    public static Optional<StatementFormat> detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("stream must support mark/reset");
        }
        in.mark(PEEK + 1);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        return detect(head, head.length);
    }

    public static Optional<StatementFormat> detect(byte[] head, int length) {
        int off = 0;
        if (length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            off = 3;
        }
        String s;
        if (length >= 2 && ((head[0] & 0xff) == 0xFE || (head[0] & 0xff) == 0xFF)) {
            s = new String(head, 0, length, StandardCharsets.UTF_16);
        } else {
            s = new String(head, off, length - off, StandardCharsets.ISO_8859_1);
        }
        String t = s.stripLeading();
        // XML family
        if (t.startsWith("<")) {
            if (s.contains("BkToCstmrStmt") || s.contains("camt.053.")) {
                return Optional.of(StatementFormat.CAMT_053);
            }
            if (s.contains("BkToCstmrAcctRpt") || s.contains("camt.052.")) {
                return Optional.of(StatementFormat.CAMT_052);
            }
            if (s.contains("BkToCstmrDbtCdtNtfctn") || s.contains("camt.054.")) {
                return Optional.of(StatementFormat.CAMT_054);
            }
            if (s.contains("<OFX>") || s.contains("<?OFX") || s.contains("<OFX ")) {
                return Optional.of(StatementFormat.OFX);
            }
        }
        if (t.startsWith("OFXHEADER") || (s.contains("<OFX>") && s.contains("<STMTTRN")) || s.contains("OFXHEADER:")) {
            return Optional.of(StatementFormat.OFX);
        }
        if (CODA_HEADER.matcher(t).find() && looksLikeCoda(s)) {
            return Optional.of(StatementFormat.CODA);
        }
        if (MT_TAG.matcher(s).find() || s.contains("{4:")) {
            boolean mt942 = s.contains(":13D:")
                    || s.contains(":34F:")
                    || s.contains("{2:I942")
                    || s.contains("{2:O942")
                    || s.contains(":90D:")
                    || s.contains(":90C:");
            return Optional.of(mt942 ? StatementFormat.MT942 : StatementFormat.MT940);
        }
        if (looksLikeCsv(s)) {
            return Optional.of(StatementFormat.CSV);
        }
        return Optional.empty();
    }

    private static boolean looksLikeCoda(String s) {
        String[] lines = s.split("\r?\n", 4);
        return lines.length >= 2 && lines[0].length() >= 120 && lines[1].startsWith("1");
    }

    private static boolean looksLikeCsv(String s) {
        String[] lines = s.split("\r?\n", 6);
        if (lines.length < 2) {
            return false;
        }
        for (char d : new char[] {';', ',', '\t', '|'}) {
            int c0 = count(lines[0], d);
            if (c0 >= 2 && count(lines[1], d) >= 2) {
                return true;
            }
        }
        return false;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
