package app.lettrage.identifiers;

import java.util.Locale;

/**
 * Belgian structured communication (OGM/VCS): ten digits and two check digits, the ten mod 97 (97 when that is 0),
 * written +++ddd/dddd/ddddd+++ (or with *** as some banks print it).
 */
public final class BelgianStructuredCommunication {
    public static final long MAX_BASE = 9_999_999_999L;

    private BelgianStructuredCommunication() {}

    /**
     * The 12 digits of a valid communication, or null. Accepted shapes, ASCII spaces anywhere: 12 digits or
     * ddd/dddd/ddddd, either between +++ or *** marks or bare.
     */
    public static String digitsOf(String communication) {
        if (communication == null || communication.length() > Chars.MAX_RAW) {
            return null;
        }
        StringBuilder b = new StringBuilder(20);
        for (int i = 0; i < communication.length(); i++) {
            char c = communication.charAt(i);
            if (Chars.isSpace(c)) {
                continue;
            }
            if (b.length() == 20) {
                return null; // longer than +++ddd/dddd/ddddd+++: stop reading
            }
            b.append(c);
        }
        String s = b.toString();
        if (s.length() >= 6 && isMark(s, 0) && isMark(s, s.length() - 3)) {
            s = s.substring(3, s.length() - 3);
        }
        if (s.length() == 14 && s.charAt(3) == '/' && s.charAt(8) == '/') {
            s = s.substring(0, 3) + s.substring(4, 8) + s.substring(9);
        }
        if (s.length() != 12 || !Chars.allDigits(s, 0, 12)) {
            return null;
        }
        long base = Long.parseLong(s.substring(0, 10));
        return Integer.parseInt(s.substring(10)) == checkOf(base) ? s : null;
    }

    /** Whether {@code communication} is a valid structured communication in one of the shapes of {@link #digitsOf}. */
    public static boolean isValid(String communication) {
        return digitsOf(communication) != null;
    }

    /** The check number of a base: base mod 97, 97 when that is 0. */
    public static int checkOf(long base) {
        int r = (int) (base % 97);
        return r == 0 ? 97 : r;
    }

    /** The communication of a base of up to ten digits, as +++ddd/dddd/ddddd+++. */
    public static String create(long base) {
        if (base < 0 || base > MAX_BASE) {
            throw new IllegalArgumentException("a Belgian structured communication takes a base of 1 to 10 digits");
        }
        return format(String.format(Locale.ROOT, "%010d%02d", base, checkOf(base)));
    }

    /** 12 digits as +++ddd/dddd/ddddd+++. */
    public static String format(String digits12) {
        if (digits12 == null || digits12.length() != 12 || !Chars.allDigits(digits12, 0, 12)) {
            throw new IllegalArgumentException("a Belgian structured communication has 12 digits");
        }
        return "+++" + digits12.substring(0, 3) + "/" + digits12.substring(3, 7) + "/" + digits12.substring(7) + "+++";
    }

    private static boolean isMark(String s, int at) {
        char c = s.charAt(at);
        return (c == '+' || c == '*') && s.charAt(at + 1) == c && s.charAt(at + 2) == c;
    }
}
