package app.lettrage.bankformats;

public record CsvMapping(String name) {
    public static CsvMapping preset(String name) {
        throw new IllegalArgumentException("CSV not yet implemented");
    }

    public static CsvMapping parse(String spec) {
        throw new IllegalArgumentException("CSV not yet implemented");
    }
}
