package app.lettrage.consent.service;

import app.lettrage.consent.Provider;
import java.time.LocalDate;
import java.util.List;

/** A consent to record, as the caller asked for it (shape already checked, rules not yet). */
public record NewConsent(String institutionId, Provider provider, LocalDate validUntil, List<Account> accounts) {

    public NewConsent {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    public record Account(String accountId, String iban, String currency, String name) {}
}
