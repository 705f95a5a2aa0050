package app.lettrage.banksync.service;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises a line that undoes an earlier payment when its source does not flag it: a statement without camt
 * {@code RvslInd}, an open-banking provider (Berlin Group, GoCardless) that gives only the ISO bank transaction
 * code. The ISO 20022 ExternalBankTransactionSubFamily1Code values below are the reversal sub-families, whatever the
 * domain and family ({@code PMNT-RCDT-RRTN}, {@code PMNT-IDDT-UPDD}, ...). Also bounds a return reason code to
 * ISO's Max35Text.
 */
public final class ReturnCodes {

    /**
     * RRTN reversal due to a payment return; UPDD reversal due to a return or unpaid direct debit; RPCR reversal due
     * to a payment cancellation request; PRDD reversal due to a payment reversal.
     */
    static final Set<String> REVERSAL_SUB_FAMILIES = Set.of("RRTN", "UPDD", "RPCR", "PRDD");

    private ReturnCodes() {}

    /** Whether a code written domain-family-subfamily (as transactions carry it) has a reversal sub-family. */
    public static boolean isReversal(String bankTransactionCode) {
        if (bankTransactionCode == null) {
            return false;
        }
        String[] parts = bankTransactionCode.strip().toUpperCase(Locale.ROOT).split("-");
        return parts.length == 3 && REVERSAL_SUB_FAMILIES.contains(parts[2]);
    }

    /** The reason code stripped, blank as null, and null when longer than ISO's 35 characters (not a code). */
    public static String reason(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String v = code.strip();
        return v.length() > 35 ? null : v;
    }
}
