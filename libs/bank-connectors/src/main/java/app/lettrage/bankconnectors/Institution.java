package app.lettrage.bankconnectors;

import java.util.List;

/**
 * A bank reachable through a provider.
 *
 * @param historyDays         how many days of transactions the bank gives (GoCardless transaction_total_days)
 * @param maxConsentDays      the longest consent it accepts (PSD2: at most 180)
 */
public record Institution(
        String id,
        String name,
        String bic,
        List<String> countries,
        int historyDays,
        int maxConsentDays,
        String provider) {

    public Institution {
        countries = countries == null ? List.of() : List.copyOf(countries);
    }
}
