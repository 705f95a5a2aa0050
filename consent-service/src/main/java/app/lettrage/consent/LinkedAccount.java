package app.lettrage.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A bank account reachable through a consent. */
@Entity
@Table(name = "linked_account")
public class LinkedAccount {

    @Id
    public UUID id;

    @Column(name = "consent_id", nullable = false)
    public UUID consentId;

    /** The provider's id of the account (Berlin Group resourceId, GoCardless account id). */
    @Column(name = "account_id", nullable = false)
    public String accountId;

    public String iban;

    @Column(columnDefinition = "bpchar(3)")
    public String currency;

    public String name;

    /** A new account linked to the consent, as the provider (or the caller) reports it. */
    public static LinkedAccount of(UUID consentId, String accountId, String iban, String currency, String name) {
        LinkedAccount l = new LinkedAccount();
        l.id = UUID.randomUUID();
        l.consentId = consentId;
        l.update(accountId, iban, currency, name);
        return l;
    }

    /** What the provider now reports for the account; its linked id stays, so references to it survive a renewal. */
    public void update(String accountId, String iban, String currency, String name) {
        this.accountId = accountId;
        this.iban = iban;
        this.currency = currency;
        this.name = name;
    }
}
