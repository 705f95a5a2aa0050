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
}
