package app.lettrage.events;

/** A bank account reachable through a consent. */
public record LinkedAccount(String accountId, String iban, String currency, String name) {}
