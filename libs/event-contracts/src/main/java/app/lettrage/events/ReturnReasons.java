package app.lettrage.events;

import java.util.Locale;
import java.util.Map;

/**
 * What a return reason code means, for people: the ISO 20022 ExternalReturnReason1Code values that SEPA credit
 * transfer and direct debit R-transactions use. The set is open (banks also send proprietary codes), so an unknown
 * code is shown as it is.
 */
public final class ReturnReasons {

    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("AC01", "incorrect account number"),
            Map.entry("AC04", "account closed"),
            Map.entry("AC06", "account blocked"),
            Map.entry("AG01", "transaction forbidden on this account"),
            Map.entry("AG02", "invalid bank operation code"),
            Map.entry("AM04", "insufficient funds"),
            Map.entry("AM05", "duplicate payment"),
            Map.entry("BE05", "creditor not recognised"),
            Map.entry("CUST", "requested by the customer"),
            Map.entry("DUPL", "duplicate payment"),
            Map.entry("FOCR", "returned after a cancellation request"),
            Map.entry("FRAD", "fraudulent origin"),
            Map.entry("MD01", "no mandate"),
            Map.entry("MD02", "mandate data missing or incorrect"),
            Map.entry("MD06", "refund requested by the debtor"),
            Map.entry("MD07", "debtor deceased"),
            Map.entry("MS02", "refused by the debtor, reason not given"),
            Map.entry("MS03", "reason not given by the bank"),
            Map.entry("RC01", "incorrect bank identifier"),
            Map.entry("RR01", "regulatory reason: debtor account or identification missing"),
            Map.entry("RR02", "regulatory reason: debtor name or address missing"),
            Map.entry("RR03", "regulatory reason: creditor name or address missing"),
            Map.entry("RR04", "regulatory reason"),
            Map.entry("SL01", "refused by a service of the debtor's bank"),
            Map.entry("TECH", "technical problem"));

    private ReturnReasons() {}

    /** "AM04 (insufficient funds)", the code alone when it is not a known ISO code, null for none. */
    public static String describe(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String c = code.strip();
        String meaning = MEANING.get(c.toUpperCase(Locale.ROOT));
        return meaning == null ? c : c + " (" + meaning + ")";
    }
}
