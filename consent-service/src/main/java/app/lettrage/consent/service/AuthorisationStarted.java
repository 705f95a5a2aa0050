package app.lettrage.consent.service;

/** A consent awaiting the user at the bank, and the bank page to send them to. */
public record AuthorisationStarted(ConsentDetails consent, String authorisationUrl) {}
