package app.lettrage.consent;

/** The open-banking API a consent goes through. */
public enum Provider {
    /** A bank's own NextGenPSD2 (Berlin Group) interface. */
    BERLIN_GROUP,
    /** The GoCardless Bank Account Data aggregator. */
    GOCARDLESS,
    /** sandbox-bank, the simulator for local runs and tests. */
    SANDBOX
}
