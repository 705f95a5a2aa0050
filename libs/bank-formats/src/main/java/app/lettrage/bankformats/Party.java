package app.lettrage.bankformats;

/**
 * The other side of a transaction (or the account owner).
 *
 * @param iban IBAN when the account is identified by one
 * @param accountId other account identifier (domestic number, Othr/Id) when no IBAN is given
 */
public record Party(String name, String iban, String accountId, String bic) {
    public static final Party NONE = new Party(null, null, null, null);

    public boolean isEmpty() {
        return name == null && iban == null && accountId == null && bic == null;
    }
}
