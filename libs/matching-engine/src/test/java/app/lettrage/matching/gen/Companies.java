package app.lettrage.matching.gen;

import app.lettrage.identifiers.Mod97;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Company and person names, legal forms and IBANs of several countries, for generated data: names are built from
 * surnames, trades, places and invented brands so that most are unique, and families of companies that share a name
 * and differ by legal form are made on purpose.
 */
final class Companies {
    private Companies() {}

    /** A country's language, legal forms and IBAN layout (letters of the bank code, then digits). */
    record Country(String code, Lang lang, List<String> forms, int ibanLength, int bankLetters, boolean sepa) {}

    enum Lang {
        FR,
        NL,
        DE,
        EN
    }

    static final Map<String, Country> COUNTRIES = Map.ofEntries(
            Map.entry(
                    "FR", new Country("FR", Lang.FR, List.of("SARL", "SAS", "SASU", "SA", "EURL", "SCI"), 27, 0, true)),
            Map.entry("BE", new Country("BE", Lang.NL, List.of("BV", "NV", "SRL", "SA", "CV", "VZW"), 16, 0, true)),
            Map.entry("NL", new Country("NL", Lang.NL, List.of("B.V.", "N.V.", "V.O.F.", "C.V."), 18, 4, true)),
            Map.entry(
                    "DE",
                    new Country(
                            "DE", Lang.DE, List.of("GmbH", "AG", "KG", "UG", "GmbH & Co. KG", "e.K."), 22, 0, true)),
            Map.entry("AT", new Country("AT", Lang.DE, List.of("GmbH", "AG", "KG", "OG"), 20, 0, true)),
            Map.entry("GB", new Country("GB", Lang.EN, List.of("Ltd", "PLC", "LLP"), 22, 4, true)),
            Map.entry("IE", new Country("IE", Lang.EN, List.of("Ltd", "DAC", "PLC"), 22, 4, true)),
            Map.entry("ES", new Country("ES", Lang.EN, List.of("S.L.", "S.A.", "SLU"), 24, 0, true)),
            Map.entry("IT", new Country("IT", Lang.EN, List.of("S.r.l.", "S.p.A.", "SNC"), 27, 1, true)),
            Map.entry("LU", new Country("LU", Lang.FR, List.of("SARL", "SA", "SCS"), 20, 0, true)),
            Map.entry("CH", new Country("CH", Lang.DE, List.of("AG", "GmbH", "SA", "Sàrl"), 21, 0, true)),
            Map.entry("TR", new Country("TR", Lang.EN, List.of("A.S.", "Ltd. Sti."), 26, 0, false)),
            Map.entry("AE", new Country("AE", Lang.EN, List.of("LLC", "FZE", "FZCO"), 23, 0, false)),
            Map.entry("US", new Country("US", Lang.EN, List.of("Inc.", "LLC", "Corp."), 0, 0, false)));

    private static final String[] SURNAMES_FR = {
        "Dubois",
        "Lefèvre",
        "Moreau",
        "Girard",
        "Fournier",
        "Mercier",
        "Rousseau",
        "Blanchard",
        "Chevallier",
        "Fontaine",
        "Lemaire",
        "Barbier",
        "Perrot",
        "Renard",
        "Brunet",
        "Roche",
        "Giraud",
        "Caron",
        "Guillot",
        "Aubert",
        "Marchand",
        "Leclercq",
        "Benoît",
        "Picard",
        "Lacroix",
        "Hébert",
        "Vasseur",
        "Delorme",
        "Poirier",
        "Maréchal",
        "Collet",
        "Tessier",
        "Carré",
        "Besnard",
        "Deschamps",
        "Ollivier"
    };
    private static final String[] SURNAMES_NL = {
        "Van den Berg",
        "De Jong",
        "Jansen",
        "Bakker",
        "Visser",
        "Smit",
        "Meijer",
        "De Boer",
        "Mulder",
        "De Groot",
        "Bos",
        "Vos",
        "Peters",
        "Hendriks",
        "Van Leeuwen",
        "Dekker",
        "Brouwer",
        "De Wit",
        "Dijkstra",
        "Smits",
        "De Graaf",
        "Van der Meer",
        "Kok",
        "Jacobs",
        "Van Dam",
        "Claes",
        "Goossens",
        "Wouters",
        "Maes",
        "Verbeke",
        "De Smedt",
        "Lambrechts",
        "Van Damme",
        "Vermeulen",
        "Martens",
        "Willems"
    };
    private static final String[] SURNAMES_DE = {
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
        "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Lehmann", "Köhler",
        "Kowalski", "Nowak", "Wiśniewski", "Yilmaz", "Demir", "Öztürk"
    };
    private static final String[] SURNAMES_EN = {
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "García", "Fernández", "López", "Martínez", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano",
        "Okafor", "Adeyemi", "Nakamura", "Haddad", "Costa", "Silva"
    };
    private static final String[] TRADES_FR = {
        "Immobilier", "Bâtiment", "Électricité", "Plomberie", "Menuiserie", "Transports", "Logistique", "Conseil",
        "Informatique", "Imprimerie", "Traiteur", "Paysages", "Optique", "Pharmacie", "Architecture", "Nettoyage",
        "Sécurité", "Distribution", "Formation", "Audiovisuel", "Carrosserie", "Chauffage", "Boulangerie"
    };
    private static final String[] TRADES_NL = {
        "Bouw",
        "Installatie",
        "Transport",
        "Logistiek",
        "Advies",
        "Schilderwerken",
        "Tuinen",
        "Vastgoed",
        "Techniek",
        "Automatisering",
        "Drukkerij",
        "Catering",
        "Schoonmaak",
        "Beveiliging",
        "Elektro",
        "Dakwerken",
        "Verhuur",
        "Metaal",
        "Interieur",
        "Groothandel",
        "Zorg",
        "Media",
        "Projecten"
    };
    private static final String[] TRADES_DE = {
        "Bau",
        "Elektro",
        "Sanitär",
        "Haustechnik",
        "Logistik",
        "Spedition",
        "Beratung",
        "Software",
        "Druck",
        "Immobilien",
        "Metallbau",
        "Maschinenbau",
        "Gebäudereinigung",
        "Gartenbau",
        "Dachdeckerei",
        "Medien",
        "Handel",
        "Verwaltung",
        "Fahrzeugbau",
        "Holzbau",
        "Energietechnik",
        "Steuerberatung",
        "Personal"
    };
    private static final String[] TRADES_EN = {
        "Consulting",
        "Logistics",
        "Engineering",
        "Construction",
        "Software",
        "Design",
        "Trading",
        "Properties",
        "Catering",
        "Printing",
        "Cleaning",
        "Security",
        "Media",
        "Holdings",
        "Imports",
        "Foods",
        "Textiles",
        "Recruitment",
        "Marine",
        "Analytics",
        "Interiors",
        "Plastics",
        "Components"
    };
    private static final String[] PLACES = {
        "Lyon",
        "Lille",
        "Nantes",
        "Rennes",
        "Anjou",
        "Provence",
        "Alsace",
        "Normandie",
        "Gent",
        "Antwerpen",
        "Brabant",
        "Limburg",
        "Utrecht",
        "Zeeland",
        "Rhein",
        "Main",
        "Bayern",
        "Sachsen",
        "Ruhr",
        "Nord",
        "Süd",
        "West",
        "Ost",
        "Atlantique",
        "Europe",
        "International",
        "Benelux",
        "Rhône",
        "Loire",
        "Kent",
        "Yorkshire",
        "Thames",
        "Midlands",
        "Iberia",
        "Adriatico",
        "Alpen",
        "Mosel",
        "Eifel",
        "Ardennes",
        "Flandre"
    };
    private static final String[] SYLLABLES = {
        "no", "va", "tek", "bri", "xol", "ka", "ri", "lu", "mex", "dor", "sa", "ven", "ta", "qua", "li", "ro", "zen",
        "fi", "tra", "mo", "vi", "ga", "pel", "cor", "den", "ax", "ion", "ly", "ster", "mar"
    };

    static String[] surnames(Lang l) {
        return switch (l) {
            case FR -> SURNAMES_FR;
            case NL -> SURNAMES_NL;
            case DE -> SURNAMES_DE;
            case EN -> SURNAMES_EN;
        };
    }

    static String[] trades(Lang l) {
        return switch (l) {
            case FR -> TRADES_FR;
            case NL -> TRADES_NL;
            case DE -> TRADES_DE;
            case EN -> TRADES_EN;
        };
    }

    /** A company name without legal form, of one of several patterns; unique enough that most names are new. */
    static String baseName(Random r, Lang lang) {
        String[] sn = surnames(lang);
        String[] tr = trades(lang);
        int k = r.nextInt(100);
        if (k < 30) {
            return pick(r, sn) + " " + pick(r, tr) + " " + pick(r, PLACES);
        }
        if (k < 50) {
            return pick(r, sn) + (lang == Lang.FR ? " et " : lang == Lang.NL ? " en " : " & ") + pick(r, sn) + " "
                    + pick(r, tr);
        }
        if (k < 70) {
            return brand(r) + " " + pick(r, tr);
        }
        if (k < 85) {
            return pick(r, tr) + " " + pick(r, sn) + " " + pick(r, PLACES);
        }
        return brand(r) + " " + pick(r, PLACES);
    }

    /** An invented brand word ("Novatek"). */
    static String brand(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 2 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            b.append(pick(r, SYLLABLES));
        }
        return Character.toUpperCase(b.charAt(0)) + b.substring(1);
    }

    /** A family name as in the issue ("Kowalski Immobilier"): a surname and a trade, shared by a group of companies. */
    static String familyBase(Random r, Lang lang) {
        return pick(r, surnames(lang)) + " " + pick(r, trades(lang));
    }

    /** A person's name (sole trader). */
    static String person(Random r, Lang lang) {
        String[] first = {"Jean", "Marie", "Pieter", "Anke", "Klaus", "Sabine", "John", "Emma", "Luca", "Ana", "Ahmet"};
        return pick(r, first) + " " + pick(r, surnames(lang));
    }

    /** Legal forms for a family of {@code n} companies (distinct when the country has enough). */
    static List<String> distinctForms(Random r, Country c, int n) {
        Set<String> forms = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(c.forms());
        while (forms.size() < Math.min(n, all.size())) {
            forms.add(pick(r, all));
        }
        return new ArrayList<>(forms);
    }

    /** A syntactically valid IBAN of the country (ISO 13616 check digits), or null where there is none. */
    static String iban(Random r, Country c) {
        if (c.ibanLength() == 0) {
            return null;
        }
        StringBuilder bban = new StringBuilder();
        for (int i = 0; i < c.ibanLength() - 4; i++) {
            bban.append(i < c.bankLetters() ? (char) ('A' + r.nextInt(26)) : (char) ('0' + r.nextInt(10)));
        }
        // check digits only: the matching engine compares IBANs, it does not validate their national structure
        return c.code() + Mod97.checkDigits(c.code(), bban.toString()) + bban;
    }

    static <T> T pick(Random r, List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    static String pick(Random r, String[] xs) {
        return xs[r.nextInt(xs.length)];
    }
}
