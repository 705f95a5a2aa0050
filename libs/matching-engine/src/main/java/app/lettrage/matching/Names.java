package app.lettrage.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Party names as banks deliver them: upper-cased, accents lost, legal form anywhere or missing, words reordered,
 * truncated. Names are reduced to their significant tokens and compared with a token-set similarity built on
 * Jaro-Winkler, accepting a truncated last word as a prefix.
 */
public final class Names {
    private Names() {}

    /** Legal forms and similar noise words, removed wherever they appear. */
    static final Set<String> LEGAL_FORMS = Set.of(
            "SARL",
            "SAS",
            "SASU",
            "EURL",
            "SA",
            "SNC",
            "SCI",
            "SCOP",
            "SCA",
            "SCS",
            "SELARL",
            "EI",
            "EIRL",
            "GIE",
            "GMBH",
            "AG",
            "KG",
            "OHG",
            "UG",
            "EK",
            "GBR",
            "KGAA",
            "MBH",
            "CO",
            "CIE",
            "BV",
            "NV",
            "VOF",
            "CV",
            "BVBA",
            "SPRL",
            "SRL",
            "SCRL",
            "ASBL",
            "VZW",
            "CVBA",
            "COMMV",
            "LTD",
            "LIMITED",
            "PLC",
            "LLP",
            "LLC",
            "INC",
            "CORP",
            "CORPORATION",
            "COMPANY",
            "SPA",
            "SAPA",
            "SS",
            "SL",
            "SLU",
            "SLL",
            "OY",
            "OYJ",
            "AB",
            "AS",
            "ASA",
            "APS",
            "SE",
            "SP",
            "ZOO",
            "LDA",
            "SRO",
            "KFT",
            "PTY",
            "OG",
            "DAC",
            "FZE",
            "FZCO",
            "STI");

    /** Words that join names ("Dupont et Fils", "Jansen en Zonen"): no evidence of who it is. */
    private static final Set<String> JOINING_WORDS = Set.of("ET", "AND", "UND", "EN");

    /**
     * Legal forms that were renamed by law (Belgian Companies Code, 2019) or are spelled in several ways: a company
     * keeps paying under its old or long spelling, so they compare as one form.
     */
    private static final Map<String, String> FORM_SYNONYMS = Map.of(
            "BVBA", "BV",
            "SPRL", "SRL",
            "CVBA", "CV",
            "LIMITED", "LTD",
            "CORPORATION", "CORP",
            "COMPANY", "CO",
            "CIE", "CO",
            "MBH", "GMBH");

    /**
     * A name reduced for comparison.
     *
     * @param tokens significant tokens in order: folded, legal forms and joining words removed, dotted initials joined
     * @param form   the legal form(s) in order of appearance, canonical ("GMBH CO KG"), "" when the name has none
     * @param cut    a trailing legal form the bank may have cut ("SA" of "SARL", or a stump such as "SAR"), "" when
     *               none: such a name is compatible with every form that starts with it
     */
    public record Parsed(List<String> tokens, String form, String cut) {}

    /** Significant tokens of a name, in order: folded, legal forms removed, dotted initials ("S.A.R.L.") joined. */
    public static List<String> tokens(String name) {
        return parse(name).tokens();
    }

    /** Parses a name into its significant tokens and its legal form. */
    public static Parsed parse(String name) {
        List<String> raw = new ArrayList<>();
        String f = References.fold(name);
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= f.length(); i++) {
            char c = i < f.length() ? f.charAt(i) : ' ';
            if (References.isAlnum(c)) {
                cur.append(c);
            } else if (c == '\'' || c == '\u2019') {
                // d'Artagnan -> DARTAGNAN
            } else if (cur.length() > 0) {
                raw.add(cur.toString());
                cur.setLength(0);
            }
        }
        // join runs of single letters: S A R L -> SARL
        List<String> joined = new ArrayList<>();
        StringBuilder letters = new StringBuilder();
        for (String t : raw) {
            if (t.length() == 1 && !References.isDigit(t.charAt(0))) {
                letters.append(t);
                continue;
            }
            if (letters.length() > 0) {
                joined.add(letters.toString());
                letters.setLength(0);
            }
            joined.add(t);
        }
        if (letters.length() > 0) {
            joined.add(letters.toString());
        }
        // a name cut by the bank inside its legal form ("MARTIN LOGISTIQUE SAR", "HOFMANN BAU U"): drop the stump,
        // remember it
        String cut = "";
        if (joined.size() > 1) {
            String last = joined.get(joined.size() - 1);
            if (last.length() <= 4 && !LEGAL_FORMS.contains(last) && isLegalFormStump(last)) {
                joined.remove(joined.size() - 1);
                cut = last;
            } else if (LEGAL_FORMS.contains(last) && isLegalFormStump(last)) {
                cut = canonicalForm(last); // "SA" may be all of it, or what the bank left of "SARL"
            }
        }
        List<String> out = new ArrayList<>();
        List<String> forms = new ArrayList<>();
        for (String t : joined) {
            if (LEGAL_FORMS.contains(t)) {
                String form = canonicalForm(t);
                if (!forms.contains(form)) {
                    forms.add(form);
                }
            } else if (!JOINING_WORDS.contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            return new Parsed(joined, "", ""); // a name made of legal-form words only: keep it as it is
        }
        if (!cut.isEmpty() && forms.size() > 1) {
            cut = ""; // "GmbH & Co. KG": a composite form is not a cut one
        }
        return new Parsed(List.copyOf(out), String.join(" ", forms), cut);
    }

    private static String canonicalForm(String form) {
        return FORM_SYNONYMS.getOrDefault(form, form);
    }

    /**
     * Whether a last word may be what a bank left of a legal form: a beginning of a form of four letters or more
     * ("SAR" of "SARL"), or a single letter beginning any form ("U" of "UG").
     */
    private static boolean isLegalFormStump(String t) {
        for (String f : LEGAL_FORMS) {
            if (f.length() > t.length()
                    && f.startsWith(t)
                    && (t.length() == 1 || (f.length() >= 4 && t.length() >= 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name key of a name: its significant tokens sorted and de-duplicated, joined with spaces, without the legal
     * form. Companies whose names differ only by legal form share it (they form a family, see {@link #partyKey}).
     */
    public static String key(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return key(parse(name));
    }

    /** The name key of a parsed name, null when it has no significant token. */
    static String key(Parsed p) {
        return p.tokens().isEmpty() ? null : String.join(" ", new TreeSet<>(p.tokens()));
    }

    /**
     * The counterparty key of a name: its {@link #key} followed by its canonical legal form, so that "Kowalski
     * Immobilier SARL" and "Kowalski Immobilier SASU" are two counterparties, while "SARL Dupont" and "DUPONT S.A.R.L."
     * are one. A key parses back to itself.
     */
    public static String partyKey(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return partyKey(parse(name));
    }

    /** The counterparty key of a parsed name, null when it has no significant token. */
    static String partyKey(Parsed p) {
        String base = key(p);
        return base == null || p.form().isEmpty() ? base : base + " " + p.form();
    }

    /** How the legal form a payer's name carries relates to a counterparty's. */
    public enum FormMatch {
        /** Both carry the same form. */
        SAME,
        /** One of them has none, or the payer's may be cut from the counterparty's: possibly the same company. */
        UNKNOWN,
        /** Both carry a form and they differ: another company. */
        DIFFERENT
    }

    /** Compares the legal form of a payer's name with the counterparty's form ("" when none). */
    public static FormMatch formMatch(Parsed payer, String partyForm) {
        if (payer.form().isEmpty() && payer.cut().isEmpty()) {
            return FormMatch.UNKNOWN;
        }
        if (partyForm.isEmpty()) {
            return FormMatch.UNKNOWN;
        }
        if (!payer.cut().isEmpty() && !payer.cut().equals(partyForm) && partyForm.startsWith(payer.cut())) {
            return FormMatch.UNKNOWN;
        }
        return payer.form().equals(partyForm) ? FormMatch.SAME : FormMatch.DIFFERENT;
    }

    /**
     * Similarity in 0..1 of two names: every token of the shorter name is paired with its best unused token of the
     * other (equal 1.0; one a prefix of the other, of at least 3 letters, as bank truncation does, 0.9; Jaro-Winkler
     * of at least 0.9, scaled); the sum is divided by the larger token count.
     */
    public static double similarity(String a, String b) {
        return similarity(tokens(a), tokens(b));
    }

    public static double similarity(List<String> ta, List<String> tb) {
        if (ta.isEmpty() || tb.isEmpty()) {
            return 0.0;
        }
        List<String> small = ta.size() <= tb.size() ? ta : tb;
        List<String> large = ta.size() <= tb.size() ? tb : ta;
        boolean[] used = new boolean[large.size()];
        double sum = 0;
        for (String s : small) {
            double best = 0;
            int bestIdx = -1;
            for (int j = 0; j < large.size(); j++) {
                if (used[j]) {
                    continue;
                }
                double v = tokenSimilarity(s, large.get(j));
                if (v > best) {
                    best = v;
                    bestIdx = j;
                }
            }
            if (bestIdx >= 0) {
                used[bestIdx] = true;
                sum += best;
            }
        }
        return sum / large.size();
    }

    static double tokenSimilarity(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        int min = Math.min(a.length(), b.length());
        if (min >= 3 && (a.startsWith(b) || b.startsWith(a))) {
            return 0.9;
        }
        if (min < 4) {
            return 0.0;
        }
        double jw = jaroWinkler(a, b);
        return jw >= 0.9 ? jw * 0.95 : 0.0;
    }

    /** Jaro-Winkler similarity with the usual prefix scale 0.1 and prefix cap 4. */
    public static double jaroWinkler(String s1, String s2) {
        if (s1.equals(s2)) {
            return 1.0;
        }
        int l1 = s1.length();
        int l2 = s2.length();
        if (l1 == 0 || l2 == 0) {
            return 0.0;
        }
        int range = Math.max(0, Math.max(l1, l2) / 2 - 1);
        boolean[] m1 = new boolean[l1];
        boolean[] m2 = new boolean[l2];
        int matches = 0;
        for (int i = 0; i < l1; i++) {
            int lo = Math.max(0, i - range);
            int hi = Math.min(l2 - 1, i + range);
            for (int j = lo; j <= hi; j++) {
                if (!m2[j] && s1.charAt(i) == s2.charAt(j)) {
                    m1[i] = true;
                    m2[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int t = 0;
        int k = 0;
        for (int i = 0; i < l1; i++) {
            if (m1[i]) {
                while (!m2[k]) {
                    k++;
                }
                if (s1.charAt(i) != s2.charAt(k)) {
                    t++;
                }
                k++;
            }
        }
        double m = matches;
        double jaro = (m / l1 + m / l2 + (m - t / 2.0) / m) / 3.0;
        int prefix = 0;
        for (int i = 0; i < Math.min(4, Math.min(l1, l2)); i++) {
            if (s1.charAt(i) == s2.charAt(i)) {
                prefix++;
            } else {
                break;
            }
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
