package app.lettrage.matching.gen;

import app.lettrage.matching.References;
import app.lettrage.matching.gen.Companies.Lang;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How payers write remittances and how banks deliver them: templates in French, Dutch, German and English, invoice
 * numbers as people type them (case, separators, prefix or leading zeros dropped, typos), words reordered, diacritics
 * lost, text upper-cased and cut at the width of a bank field.
 */
final class Phrasing {
    private Phrasing() {}

    private static final String[][] SINGLE = {
        // FR
        {
            "Règlement de la facture n° %s", "Paiement fact. %s du %d", "Virement facture %s", "Notre règlement %s",
            "Facture %s - merci", "Réf. %s client %c", "Solde de tout compte %s", "Votre facture %s (commande %o)"
        },
        // NL
        {
            "Betaling factuur %s", "Factuurnr. %s", "Betreft factuur %s d.d. %d", "Uw factuur %s klantnr %c",
            "%s betaling", "Voldaan factuur %s", "Overboeking fact %s order %o", "Betaling van %s"
        },
        // DE
        {
            "Rechnungsnr. %s",
            "Zahlung zu Rechnung %s",
            "Ihre Rechnung %s vom %d",
            "RG %s Kd-Nr %c",
            "%s Zahlung",
            "Begleichung Rechnung Nr. %s",
            "Re-Nr %s Auftrag %o",
            "Überweisung %s"
        },
        // EN
        {
            "Payment of invoice %s", "Inv %s settlement", "Your invoice %s dated %d", "Remittance advice %s",
            "%s paid in full", "Invoice no. %s cust %c", "Payment ref %s PO %o", "Settling %s"
        }
    };
    private static final String[][] INSTALMENT = {
        {"Acompte sur facture %s", "Paiement partiel facture %s", "Échéance 1 facture %s"},
        {"Termijnbetaling factuur %s", "Deelbetaling %s", "Eerste termijn %s"},
        {"Teilzahlung Rechnung %s", "Abschlag zu RG %s", "1. Rate Rechnung %s"},
        {"Part payment inv. %s", "Instalment invoice %s", "First instalment %s"}
    };
    private static final String[][] BALANCE = {
        {"Solde facture %s", "Reste dû facture %s"},
        {"Restbetaling factuur %s", "Saldo %s"},
        {"Restzahlung Rechnung %s", "Restbetrag RG %s"},
        {"Balance of invoice %s", "Final payment %s"}
    };
    private static final String[][] GROUP = {
        {"Factures %s", "Règlement factures %s", "Paiement des factures %s"},
        {"Facturen %s", "Betaling facturen %s", "Verzamelbetaling %s"},
        {"Rechnungen %s", "Sammelüberweisung RG %s", "Zahlung Rechnungen %s"},
        {"Invoices %s", "Payment for invoices %s", "Settlement %s"}
    };
    private static final String[] AND = {" et ", " en ", " und ", " and "};
    private static final String[][] NO_REFERENCE = {
        {"Virement", "PAIEMENT", "Règlement", "VIR SEPA", "Merci"},
        {"Betaling", "Overschrijving", "Bedankt", "SEPA overboeking"},
        {"Überweisung", "Zahlung", "Danke", "SEPA-Überweisung"},
        {"Payment", "Transfer", "Thanks", "BACS payment"}
    };
    private static final String[][] ADVANCE = {
        {"Acompte commande %o", "Avance sur commande n° %o"},
        {"Vooruitbetaling order %o", "Aanbetaling opdracht %o"},
        {"Anzahlung Auftrag %o", "Vorauszahlung Bestellung %o"},
        {"Advance payment PO %o", "Deposit for order %o"}
    };
    private static final String[][] CREDIT_NOTE = {
        {"Avoir AV-%o déduit", "Déduction avoir %o"},
        {"Creditnota CN%o verrekend", "Minus creditnota %o"},
        {"Gutschrift GS-%o verrechnet", "abzgl. Gutschrift %o"},
        {"Less credit note CN-%o", "Credit note %o deducted"}
    };

    static String single(Random r, Lang l, String number, LocalDate d) {
        return fill(r, Companies.pick(r, SINGLE[l.ordinal()]), number, d);
    }

    static String instalment(Random r, Lang l, String number) {
        return fill(r, Companies.pick(r, INSTALMENT[l.ordinal()]), number, null);
    }

    static String balance(Random r, Lang l, String number) {
        return fill(r, Companies.pick(r, BALANCE[l.ordinal()]), number, null);
    }

    static String group(Random r, Lang l, List<String> numbers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < numbers.size(); i++) {
            if (i > 0) {
                b.append(i == numbers.size() - 1 && r.nextBoolean() ? AND[l.ordinal()] : r.nextBoolean() ? ", " : " ");
            }
            b.append(numbers.get(i));
        }
        return String.format(Locale.ROOT, Companies.pick(r, GROUP[l.ordinal()]), b);
    }

    static String noReference(Random r, Lang l) {
        return Companies.pick(r, NO_REFERENCE[l.ordinal()]);
    }

    static String advance(Random r, Lang l) {
        return fill(r, Companies.pick(r, ADVANCE[l.ordinal()]), null, null);
    }

    static String creditNote(Random r, Lang l) {
        return fill(r, Companies.pick(r, CREDIT_NOTE[l.ordinal()]), null, null);
    }

    /** Fills %s (the number), %d (a date), %c (a customer number), %o (an order number). */
    private static String fill(Random r, String template, String number, LocalDate d) {
        LocalDate date = d != null ? d : LocalDate.of(2026, 1, 1).plusDays(r.nextInt(300));
        String dateText = switch (r.nextInt(3)) {
            case 0 ->
                String.format(Locale.ROOT, "%02d/%02d/%d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
            case 1 ->
                String.format(Locale.ROOT, "%02d.%02d.%d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
            default -> String.format(Locale.ROOT, "%02d-%02d", date.getDayOfMonth(), date.getMonthValue());
        };
        return template.replace("%s", number == null ? "" : number)
                .replace("%d", dateText)
                .replace("%c", Integer.toString(10_000 + r.nextInt(90_000)))
                .replace("%o", Integer.toString(1_000 + r.nextInt(900_000)));
    }

    /** An invoice number as a payer types it. */
    static String number(Random r, String number) {
        List<String> runs = References.runs(number);
        int k = r.nextInt(100);
        if (k < 30) {
            return number;
        }
        if (k < 42) {
            return number.toLowerCase(Locale.ROOT);
        }
        if (k < 55) {
            return String.join("", runs);
        }
        if (k < 68) {
            return String.join(" ", runs);
        }
        if (k < 78 && runs.size() > 1 && !Character.isDigit(runs.get(0).charAt(0))) {
            return String.join("-", runs.subList(1, runs.size())); // no prefix
        }
        if (k < 88) {
            List<String> stripped = new ArrayList<>(runs);
            String last = stripped.get(stripped.size() - 1);
            if (Character.isDigit(last.charAt(0))) {
                stripped.set(stripped.size() - 1, last.replaceFirst("^0+(?=.)", ""));
            }
            return String.join("-", stripped); // leading zeros dropped
        }
        return (r.nextBoolean() ? "Nr. " : "#") + number;
    }

    /** A typo in a number: one digit changed or two adjacent digits swapped (never the first character). */
    static String typo(Random r, String number) {
        char[] c = number.toCharArray();
        List<Integer> digits = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            if (Character.isDigit(c[i])) {
                digits.add(i);
            }
        }
        int i = digits.get(r.nextInt(digits.size()));
        if (r.nextBoolean() && i + 1 < c.length && Character.isDigit(c[i + 1]) && c[i] != c[i + 1]) {
            char t = c[i];
            c[i] = c[i + 1];
            c[i + 1] = t;
        } else {
            c[i] = (char) ('0' + (c[i] - '0' + 1 + r.nextInt(8)) % 10);
        }
        return new String(c);
    }

    /** An RF reference as printed on a payment slip: groups of four. */
    static String spacedRf(String rf) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rf.length(); i += 4) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(rf, i, Math.min(rf.length(), i + 4));
        }
        return b.toString();
    }

    /**
     * What the bank delivers of a remittance: sometimes words reordered, upper-cased, diacritics removed, and cut at
     * 140 characters (the SEPA field) or, by some banks, at 35 (one SWIFT line).
     */
    static String delivered(Random r, String text, double cutShare) {
        String t = text;
        if (r.nextInt(100) < 12) {
            String[] w = t.split(" ");
            if (w.length > 2) {
                List<String> words = new ArrayList<>(List.of(w));
                words.add(words.remove(0)); // first word moved to the end ("00421 facture")
                t = String.join(" ", words);
            }
        }
        if (r.nextInt(100) < 35) {
            t = t.toUpperCase(Locale.ROOT);
        }
        if (r.nextInt(100) < 40) {
            t = stripDiacritics(t);
        }
        if (t.length() > 140) {
            t = t.substring(0, 140);
        }
        if (t.length() > 35 && r.nextDouble() < cutShare) {
            t = t.substring(0, 35);
        }
        return t;
    }

    /**
     * A company's name as the bank delivers it: upper-cased, diacritics removed, the legal form dropped, moved or
     * dotted, cut at 35 characters or earlier.
     */
    static String payerName(Random r, String name, String form) {
        String n = name;
        int k = r.nextInt(100);
        if (form != null && !form.isEmpty()) {
            String base = name.substring(0, name.length() - form.length()).trim();
            if (k < 22) {
                n = base; // legal form dropped
            } else if (k < 30) {
                n = form + " " + base;
            } else if (k < 34) {
                n = base + " " + dotted(form);
            }
        }
        if (r.nextInt(100) < 75) {
            n = stripDiacritics(n).toUpperCase(Locale.ROOT);
        }
        if (n.length() > 35) {
            n = n.substring(0, 35).trim();
        } else if (r.nextInt(100) < 5 && n.length() > 22) {
            n = n.substring(0, 18 + r.nextInt(n.length() - 20)).trim();
        }
        return n;
    }

    private static String dotted(String form) {
        if (form.contains(".") || form.contains(" ") || form.length() > 5) {
            return form;
        }
        StringBuilder b = new StringBuilder();
        for (char c : form.toCharArray()) {
            b.append(c).append('.');
        }
        return b.toString();
    }

    static String stripDiacritics(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
