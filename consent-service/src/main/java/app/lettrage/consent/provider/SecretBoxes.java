package app.lettrage.consent.provider;

/** A SecretBox from a key directly (tools and tests; the service gets its own from configuration). */
public final class SecretBoxes {

    private SecretBoxes() {}

    public static SecretBox of(String base64Key) {
        return new SecretBox(base64Key);
    }
}
