package app.lettrage.identifiers;

/** The one reading of an identifier as typed: separators dropped, ASCII letters upper-cased, everything else refused. */
final class Chars {
    /**
     * The longest text read as an identifier at all: the longest IBAN (34) with a separator between every two
     * characters and margins. Anything longer is refused before it is scanned.
     */
    static final int MAX_RAW = 128;

    private Chars() {}

    /**
     * {@code raw} without its ASCII whitespace and the given separators, ASCII letters upper-cased; null when it holds
     * any other character (non-ASCII digits and letters included: {@code Character.isDigit} and {@code toUpperCase}
     * would let '٣' or 'ı' pass as '3' or 'I') more than {@code max} significant characters or more than {@link #MAX_RAW} in all. The scan stops at the
     * first refusal, so hostile input costs at most its length.
     */
    static String compact(String raw, String separators, int max) {
        if (raw == null || raw.length() > MAX_RAW) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), max));
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isSpace(c) || separators.indexOf(c) >= 0) {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            } else if (!isUpperOrDigit(c)) {
                return null;
            }
            if (b.length() == max) {
                return null;
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The ASCII whitespace of Java's \\s: what payers and files put between groups. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isUpperOrDigit(char c) {
        return isDigit(c) || isUpper(c);
    }

    static boolean allDigits(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean allUpperOrDigits(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isUpperOrDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
