package app.lettrage.banksync.rest;

import app.lettrage.banksync.BankAccount;
import java.time.Instant;
import java.util.UUID;

public record AccountView(UUID id, String iban, String currency, String name, Instant createdAt) {

    static AccountView of(BankAccount a) {
        return new AccountView(a.id, a.iban, a.currency, a.name, a.createdAt);
    }
}
