package app.lettrage.bankformats;

/**
 * Bank transaction code: ISO 20022 domain/family/sub-family and/or a proprietary code
 * (MT940 ":61:" type code like "NTRF", German GVC, CODA transaction code, OFX TRNTYPE).
 */
public record BankTransactionCode(
        String domain, String family, String subFamily, String proprietary, String proprietaryIssuer) {
    public boolean isEmpty() {
        return domain == null && family == null && subFamily == null && proprietary == null;
    }
}
