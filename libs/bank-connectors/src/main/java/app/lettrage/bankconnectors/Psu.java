package app.lettrage.bankconnectors;

/**
 * The payment service user, when present. PSD2 (RTS art. 36) caps calls made without the user at four a day per
 * account; a call with the user present sends their IP address (PSU-IP-Address) and is not capped.
 */
public record Psu(String ipAddress) {

    public static final Psu UNATTENDED = new Psu(null);

    public boolean present() {
        return ipAddress != null && !ipAddress.isBlank();
    }
}
