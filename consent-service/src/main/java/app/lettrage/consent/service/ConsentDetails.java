package app.lettrage.consent.service;

import app.lettrage.consent.Consent;
import app.lettrage.consent.LinkedAccount;
import java.util.List;

/** A consent with its linked accounts. */
public record ConsentDetails(Consent consent, List<LinkedAccount> accounts) {}
