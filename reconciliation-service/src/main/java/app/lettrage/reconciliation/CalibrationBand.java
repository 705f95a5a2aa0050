package app.lettrage.reconciliation;

/**
 * The outcomes a tenant's people gave to the engine's decisions of one confidence band (band 94 = 0.9400..0.9499): a
 * suggestion short of the threshold confirmed as proposed, or not (rejected, another candidate, other invoices by
 * hand); an automatic match, and whether a person undid it. An automatic match nobody undid counts as right: it is
 * the only verdict there is on it.
 */
public record CalibrationBand(int band, long confirmed, long rejected, long autoMatched, long autoUndone) {

    public CalibrationBand {
        if (band < 0 || band > 100) {
            throw new IllegalArgumentException("band must be between 0 and 100: " + band);
        }
    }

    public long successes() {
        return confirmed + Math.max(0, autoMatched - autoUndone);
    }

    public long failures() {
        return rejected + autoUndone;
    }

    public long samples() {
        return successes() + failures();
    }
}
