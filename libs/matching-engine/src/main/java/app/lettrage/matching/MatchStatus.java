package app.lettrage.matching;

/** Outcome of a decision. */
public enum MatchStatus {
    /** Sure enough to settle the invoices without a person. */
    AUTO_MATCHED,
    /** Candidates, best first, for a person to confirm. */
    SUGGESTED,
    /** Nothing plausible. */
    UNMATCHED
}
