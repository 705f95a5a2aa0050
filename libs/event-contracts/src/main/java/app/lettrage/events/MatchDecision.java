package app.lettrage.events;

/** How a match was decided. */
public enum MatchDecision {
    /** By the engine, without a person. */
    AUTO,
    /** A suggestion of the engine confirmed by a person. */
    CONFIRMED,
    /** Chosen by a person. */
    MANUAL
}
