package app.lettrage.bankconnectors;

/** An account reachable through a consent: the provider's id for it and what identifies it across consents (IBAN). */
public record Account(String accountId, String iban, String currency, String name) {}
