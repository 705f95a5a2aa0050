package app.lettrage.consent.rest;

import app.lettrage.consent.Consent;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.LinkedAccount;
import app.lettrage.consent.Provider;
import app.lettrage.consent.service.ConsentDetails;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A consent as the API shows it; the list leaves the accounts out. */
public record ConsentView(
        UUID id,
        String institutionId,
        Provider provider,
        ConsentStatus status,
        LocalDate validUntil,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<AccountView> accounts) {

    /**
     * @param id        our id of the linked account: it stays the same when a renewal relinks the account by IBAN
     * @param accountId the provider's id of the account (may change with each consent)
     */
    public record AccountView(UUID id, String accountId, String iban, String currency, String name) {
        static AccountView of(LinkedAccount a) {
            return new AccountView(a.id, a.accountId, a.iban, a.currency, a.name);
        }
    }

    static ConsentView summary(Consent c) {
        return of(c, null);
    }

    static ConsentView of(ConsentDetails d) {
        return of(d.consent(), d.accounts().stream().map(AccountView::of).toList());
    }

    private static ConsentView of(Consent c, List<AccountView> accounts) {
        return new ConsentView(
                c.id,
                c.institutionId,
                c.provider,
                c.status,
                c.validUntil,
                c.createdBy,
                c.createdAt,
                c.updatedAt,
                c.version,
                accounts);
    }
}
