package app.lettrage.banksync.service;

import app.lettrage.bankformats.CsvMapping;
import app.lettrage.bankformats.StatementFormat;
import app.lettrage.platform.problem.ProblemException;
import java.util.Locale;

/**
 * How to read an upload: the format (null: detected from the content) and, for CSV, the mapping and how it was given
 * ({@code preset:NAME} or the declared JSON / spec), stored with the job.
 */
public record StatementSource(StatementFormat format, CsvMapping csv, String csvDescription) {

    /** The CSV mapping with the account's currency as default when the mapping names none. */
    CsvMapping csvFor(String accountCurrency) {
        if (csv == null || csv.defaultCurrency() != null) {
            return csv;
        }
        return new CsvMapping(
                csv.name(),
                csv.delimiter(),
                csv.quote(),
                csv.decimalSeparator(),
                csv.dateFormat(),
                csv.encoding(),
                csv.header(),
                csv.skipLines(),
                csv.sign(),
                csv.debitMarker(),
                accountCurrency,
                csv.account(),
                csv.columns());
    }

    /**
     * The source a request names: {@code format} ("camt.053", "CAMT_053", "mt940", "csv", ...; none: detected), a CSV
     * preset or a declared CSV mapping (either implies CSV). 400 problems naming the parameter.
     */
    public static StatementSource requested(String format, String csvPreset, String csvMapping) {
        StatementFormat f = blank(format) ? null : format(format);
        if (!blank(csvPreset) && !blank(csvMapping)) {
            throw ProblemException.badRequest("csvMapping", "give either csvPreset or csvMapping, not both");
        }
        CsvMapping mapping = null;
        String description = null;
        if (!blank(csvPreset)) {
            try {
                mapping = CsvMapping.preset(csvPreset.strip());
                description = "preset:" + csvPreset.strip().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(
                        "csvPreset",
                        "unknown CSV preset '" + csvPreset.strip() + "': one of "
                                + String.join(", ", CsvMapping.presets()));
            }
        } else if (!blank(csvMapping)) {
            mapping = DeclaredCsvMapping.parse(csvMapping.strip());
            description = csvMapping.strip();
        }
        if (mapping != null) {
            if (f != null && f != StatementFormat.CSV) {
                throw ProblemException.badRequest(
                        "format", "a CSV mapping was given, but the format is " + format.strip());
            }
            return new StatementSource(StatementFormat.CSV, mapping, description);
        }
        if (f == StatementFormat.CSV) {
            throw ProblemException.badRequest(
                    "csvMapping",
                    "a CSV file needs its columns declared: csvPreset (one of "
                            + String.join(", ", CsvMapping.presets()) + ") or csvMapping");
        }
        return new StatementSource(f, null, null);
    }

    /**
     * The source of an upload as its job recorded it: the format the check found and the CSV mapping as given
     * ({@code preset:NAME} or the declared mapping), so that a job reads its file as the check did.
     */
    public static StatementSource recorded(String format, String csvDescription) {
        StatementFormat f = StatementFormat.valueOf(format);
        if (csvDescription == null) {
            return new StatementSource(f, null, null);
        }
        CsvMapping mapping = csvDescription.startsWith("preset:")
                ? CsvMapping.preset(csvDescription.substring("preset:".length()))
                : DeclaredCsvMapping.parse(csvDescription);
        return new StatementSource(f, mapping, csvDescription);
    }

    /** The format named by a request, or a 400 problem naming {@code format}. */
    static StatementFormat format(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        try {
            return StatementFormat.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "format",
                    "unknown statement format '" + name.strip()
                            + "': one of camt.052, camt.053, camt.054, MT940, MT942, OFX, CODA, CSV");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
