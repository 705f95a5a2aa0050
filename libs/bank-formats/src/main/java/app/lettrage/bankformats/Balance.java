package app.lettrage.bankformats;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A balance: signed amount (negative = debit balance) in its currency, with its date.
 *
 * @param code the code as written in the file (e.g. "OPBD", "60F", "LEDGERBAL"), for traceability
 */
public record Balance(BalanceType type, BigDecimal amount, String currency, LocalDate date, String code) {}
