package app.lettrage.bankformats;

import java.math.BigDecimal;

/** A charge applied to a transaction: amount is positive as written; bearer/type codes kept as given. */
public record Charge(BigDecimal amount, String currency, String type, Boolean included) {}
