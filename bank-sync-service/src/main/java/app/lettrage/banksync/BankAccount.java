package app.lettrage.banksync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant's bank account: the IBAN (normalised, check digits verified) is unique within the tenant. */
@Entity
@Table(name = "bank_account")
public class BankAccount {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String iban;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
