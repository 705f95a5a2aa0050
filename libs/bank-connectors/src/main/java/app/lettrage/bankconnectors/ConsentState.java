package app.lettrage.bankconnectors;

import java.time.LocalDate;

/** A consent as the provider sees it: our lifecycle, and the validity date when the provider tells it (else null). */
public record ConsentState(ConsentLifecycle status, LocalDate validUntil, String providerStatus) {}
