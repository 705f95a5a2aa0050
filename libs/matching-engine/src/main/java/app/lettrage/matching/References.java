package app.lettrage.matching;

import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.CreditorReference;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reference normalisation and recognition: invoice numbers as payers type them, ISO 11649 creditor references and
 * Belgian structured communications found in free text. Their check rules are the identifiers module's; this class
 * finds the candidates.
 */
public final class References {
    private References() {}

    /** Upper case, accents removed. */
    public static String fold(String s) {
        if (s == null) {
            return "";
        }
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 128;
        }
        if (ascii) {
            return s.toUpperCase(Locale.ROOT); // nothing to decompose
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            b.append(c);
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** Letters and digits only, upper case. */
    public static String compact(String s) {
        String f = fold(s);
        StringBuilder b = new StringBuilder(f.length());
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (isAlnum(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    static boolean isAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Maximal runs of letters or of digits, upper case: "fv-2026/00019" gives [FV, 2026, 00019]. */
    public static List<String> runs(String s) {
        String f = fold(s);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (!isAlnum(c)) {
                i++;
                continue;
            }
            boolean digit = isDigit(c);
            int j = i + 1;
            while (j < f.length() && isAlnum(f.charAt(j)) && isDigit(f.charAt(j)) == digit) {
                j++;
            }
            out.add(f.substring(i, j));
            i = j;
        }
        return out;
    }

    static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Canonical form of a sequence of runs: numeric runs without leading zeros, joined with '.'. */
    static String canonical(List<String> runs, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append('.');
            }
            String r = runs.get(i);
            b.append(isDigit(r.charAt(0)) ? stripZeros(r) : r);
        }
        return b.toString();
    }

    /**
     * Strong lookup keys of an invoice number: its compact form ("FV202600019"), its canonical form without leading
     * zeros ("FV.2026.19") and, when it has at least five digits, its digits alone ("202600019"), so that a payer who
     * drops the prefix, the separators or the zeros still names it. Keys too short to be distinctive are left out.
     */
    public static Set<String> numberKeys(String number) {
        Set<String> keys = new LinkedHashSet<>();
        if (number == null) {
            return keys;
        }
        return numberKeys(runs(number));
    }

    /** {@link #numberKeys(String)} of a number already cut into runs. */
    static Set<String> numberKeys(List<String> runs) {
        Set<String> keys = new LinkedHashSet<>();
        String c = String.join("", runs); // the compact form
        if (c.isEmpty() || !hasDigit(c)) {
            return keys;
        }
        boolean distinctive = allDigits(c) ? c.length() >= 5 : c.length() >= 4;
        if (distinctive) {
            keys.add("N:" + c);
            keys.add("C:" + canonical(runs, 0, runs.size()));
        }
        StringBuilder digits = new StringBuilder();
        for (String r : runs) {
            if (isDigit(r.charAt(0))) {
                digits.append(r);
            }
        }
        if (digits.length() >= 5) {
            keys.add("N:" + digits);
        }
        return keys;
    }

    /**
     * The weak key of an invoice number: its last numeric run without leading zeros ("FV-2026-00019" gives "19"), what a
     * payer writes when he knows the running number only. Null when the number has a single run (then the strong keys
     * say it all).
     */
    public static String shortNumberKey(String number) {
        return shortNumberKey(runs(number));
    }

    /** {@link #shortNumberKey(String)} of a number already cut into runs. */
    static String shortNumberKey(List<String> runs) {
        if (runs.size() < 2) {
            return null;
        }
        String last = runs.get(runs.size() - 1);
        if (!isDigit(last.charAt(0))) {
            return null;
        }
        String s = stripZeros(last);
        return s.equals("0") ? null : s;
    }

    /**
     * Widths at which banks cut a remittance: a SWIFT line and its multiples (35, 70, 105, 140, the last also the SEPA
     * field), a DTAUS line (27), an MT940 :86: line (65).
     */
    private static final Set<Integer> CUT_WIDTHS = Set.of(27, 35, 65, 70, 105, 140);

    /** Whether a bank may have cut {@code text}: it has a cut width and ends inside a word or number. */
    public static boolean mayBeCut(String text) {
        return text != null
                && CUT_WIDTHS.contains(text.length())
                && isAlnum(fold(text.substring(text.length() - 1)).charAt(0));
    }

    /** Keys for free text: compact, canonical and digits-only joins of 1..5 adjacent runs. */
    public static Set<String> textKeys(String text) {
        return textKeys(text, mayBeCut(text), null);
    }

    /**
     * Keys for free text: compact, canonical and digits-only joins of 1..5 adjacent runs. When the bank may have cut
     * the text ({@link #mayBeCut}), a number at its very end may have lost digits: it gets no canonical key, which
     * drops leading zeros and would read "INV-26-003" (cut from "INV-26-003041") as invoice 3. With {@code starts},
     * joins that begin with a letter run are made only from the runs in it (the letters that begin known numbers).
     */
    public static Set<String> textKeys(String text, boolean mayBeCut, Set<String> starts) {
        return text == null ? new LinkedHashSet<>() : textKeys(runs(text), mayBeCut, starts);
    }

    /** {@link #textKeys(String, boolean, Set)} of a text already cut into runs. */
    static Set<String> textKeys(List<String> runs, boolean mayBeCut, Set<String> starts) {
        Set<String> keys = new LinkedHashSet<>();
        boolean cutTail = mayBeCut;
        for (int i = 0; i < runs.size(); i++) {
            if (starts != null && !isDigit(runs.get(i).charAt(0)) && !starts.contains(runs.get(i))) {
                continue; // a word that begins no known number
            }
            StringBuilder comp = new StringBuilder();
            StringBuilder digits = new StringBuilder();
            boolean anyDigit = false;
            for (int j = i; j < Math.min(runs.size(), i + 5); j++) {
                String r = runs.get(j);
                comp.append(r);
                boolean d = isDigit(r.charAt(0));
                anyDigit |= d;
                if (d) {
                    digits.append(r);
                } else if (j > i) {
                    digits.setLength(0);
                    digits.append('#'); // a letter run inside breaks the digits-only join
                }
                if (!anyDigit) {
                    continue;
                }
                keys.add("N:" + comp);
                if (!(cutTail && j == runs.size() - 1)) {
                    keys.add("C:" + canonical(runs, i, j + 1));
                }
                if (digits.length() > 0 && digits.charAt(0) != '#') {
                    keys.add("N:" + digits);
                }
            }
        }
        return keys;
    }

    /** Numeric runs of a text without leading zeros, for weak (short number) evidence. */
    public static Set<String> numericTokens(String text) {
        Set<String> out = new LinkedHashSet<>();
        addNumericTokens(runs(text), out);
        return out;
    }

    /** Adds the numeric runs, without leading zeros, of a text already cut into runs. */
    static void addNumericTokens(List<String> runs, Set<String> out) {
        for (String r : runs) {
            if (isDigit(r.charAt(0))) {
                out.add(stripZeros(r));
            }
        }
    }

    // ---------------------------------------------------------------- ISO 11649

    /**
     * True when {@code ref}, as a payer writes it (separators and accents folded away), is a well-formed ISO 11649
     * reference with valid check digits.
     */
    public static boolean isValidRf(String ref) {
        return CreditorReference.isValid(compact(ref));
    }

    /** Builds a valid RF reference from a creditor reference body (for tests and synthetic data). */
    public static String makeRf(String body) {
        return CreditorReference.create(compact(body));
    }

    /**
     * RF references found in a text, with spaces anywhere: every "RF" + 2 digits at the start of a word, followed by
     * letters or digits, read as every length that has valid check digits (longest first), since words may follow
     * once spaces are removed.
     */
    public static List<String> rfCandidates(String text) {
        List<String> out = new ArrayList<>();
        for (List<String> at : rfCandidatesByPosition(text)) {
            for (String rf : at) {
                if (!out.contains(rf)) {
                    out.add(rf);
                }
            }
        }
        return out;
    }

    /**
     * The RF references of {@link #rfCandidates}, grouped by where they start: the readings of one "RF" in the text
     * (longest first), so that a caller can tell one quoted reference from several.
     */
    public static List<List<String>> rfCandidatesByPosition(String text) {
        List<List<String>> out = new ArrayList<>();
        if (text == null || text.length() < 5) {
            return out;
        }
        String f = fold(text);
        StringBuilder sb = new StringBuilder(f.length());
        // where each kept character starts a word of the original text
        boolean[] wordStart = new boolean[f.length()];
        char prev = ' ';
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (!Character.isWhitespace(c)) {
                wordStart[sb.length()] = !isAlnum(prev);
                sb.append(c);
            }
            prev = c;
        }
        String s = sb.toString();
        int from = 0;
        while (true) {
            int p = s.indexOf("RF", from);
            if (p < 0) {
                break;
            }
            from = p + 1;
            if (!wordStart[p]) {
                continue;
            }
            int e = p + 2;
            while (e < s.length() && isAlnum(s.charAt(e)) && e - p < 25) {
                e++;
            }
            List<String> at = new ArrayList<>();
            for (int end = e; end >= p + 5; end--) {
                String cand = s.substring(p, end);
                if (isValidRf(cand)) {
                    at.add(cand);
                }
            }
            if (!at.isEmpty()) {
                out.add(at);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- Belgian structured communication

    private static final Pattern OGM =
            Pattern.compile("(?<![0-9])([0-9]{3})\\s*/?\\s*([0-9]{4})\\s*/?\\s*([0-9]{5})(?![0-9])");

    /** True when the 12 digits (any separators allowed) form a valid Belgian structured communication. */
    public static boolean isValidOgm(String s) {
        String d = digitsOnly(s);
        return d.length() == 12 && BelgianStructuredCommunication.isValid(d);
    }

    static String digitsOnly(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    private static final Pattern OGM_MARKS = Pattern.compile("^[+*]{3}|[+*]{3}$");
    private static final Pattern OGM_BODY = Pattern.compile("[0-9 /.-]+");

    /** The Belgian structured communication of a reference field, as 12 digits, or null. */
    public static String ogmOf(String ref) {
        if (ref == null) {
            return null;
        }
        String inner = OGM_MARKS.matcher(ref.trim()).replaceAll("");
        if (!OGM_BODY.matcher(inner).matches()) {
            return null;
        }
        String d = digitsOnly(inner);
        return d.length() == 12 && isValidOgm(d) ? d : null;
    }

    /** Valid Belgian structured communications in a text (+++123/4567/89012+++, with or without the +++). */
    public static List<String> ogmCandidates(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text.charAt(i))) {
                digits++;
            }
        }
        if (digits < 12) {
            return out;
        }
        Matcher m = OGM.matcher(text);
        while (m.find()) {
            String d = m.group(1) + m.group(2) + m.group(3);
            if (isValidOgm(d) && !out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** 12 digits as +++ddd/dddd/ddddd+++. */
    public static String formatOgm(String digits12) {
        return BelgianStructuredCommunication.format(digits12);
    }
}
