package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A person adds a bank account to their tenant: the IBAN must be valid and new to the tenant (409 otherwise, also
 * when a concurrent request added it first), the currency an ISO 4217 code.
 */
@ApplicationScoped
public class OpenAccount {

    private final AccountService accounts;

    public OpenAccount(AccountService accounts) {
        this.accounts = accounts;
    }

    /** 400 problems naming {@code iban} or {@code currency}; 409 when the tenant has the IBAN already. */
    public Uni<BankAccount> open(String tenantId, String iban, String currency, String name) {
        String normalized = Iban.normalize(iban);
        if (!Iban.isValid(normalized)) {
            throw ProblemException.badRequest(
                    "iban", "not a valid IBAN (country, length, account format or check digits)");
        }
        try {
            Money.currency(currency);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("currency", e.getMessage());
        }
        String label = name == null || name.isBlank() ? null : name.strip();
        return accounts.create(tenantId, normalized, currency, label)
                .onFailure(OpenAccount::isDuplicateIban)
                .transform(e -> AccountService.accountExists(normalized, null));
    }

    /** The unique index on (tenant, IBAN) refused a row a concurrent request inserted first. */
    private static boolean isDuplicateIban(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("bank_account_iban_unique")) {
                return true;
            }
        }
        return false;
    }
}
