package app.lettrage.banksync.rest;

import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.ReturnCodes;
import app.lettrage.banksync.service.StructuredReferences;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.identifiers.Bic;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.Problem.FieldError;
import app.lettrage.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a whole batch before anything is written: every error of every entry is reported, named as
 * {@code transactions[i].field}, and one bad entry rejects the batch.
 */
final class BatchValidator {

    private static final Pattern AMOUNT = Pattern.compile("[+-]?[0-9]{1,15}(\\.[0-9]+)?");

    private BatchValidator() {}

    /** A batch needs its array, and at most {@code max} entries (413 naming the limit). */
    static void requireWithin(TransactionBatch batch, int max) {
        if (batch.transactions() == null) {
            throw ProblemException.badRequest("transactions", "is required (an array of transactions)");
        }
        int received = batch.transactions().size();
        if (received > max) {
            throw new ProblemException(
                    413,
                    "batch-too-large",
                    "Batch too large",
                    "a batch holds at most " + max + " transactions, this one " + received + ": split it",
                    List.of(new FieldError("transactions", "at most " + max + " per batch")));
        }
    }

    static List<IncomingTransaction> validate(List<TransactionBatch.Entry> entries, String accountCurrency) {
        List<FieldError> errors = new ArrayList<>();
        List<IncomingTransaction> valid = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Checker c = new Checker("transactions[" + i + "]", errors);
            IncomingTransaction t = c.check(entries.get(i), accountCurrency);
            if (t != null) {
                valid.add(t);
            }
        }
        if (!errors.isEmpty()) {
            int shown = Math.min(errors.size(), 100);
            List<FieldError> first = errors.subList(0, shown);
            String detail = first.stream()
                            .limit(5)
                            .map(f -> f.field() + ": " + f.message())
                            .collect(Collectors.joining("; "))
                    + (errors.size() > 5 ? "; and " + (errors.size() - 5) + " more" : "")
                    + ". Nothing of the batch was imported.";
            throw new ProblemException(400, "validation", "Invalid request", detail, first);
        }
        return valid;
    }

    private static final class Checker {
        private final String prefix;
        private final List<FieldError> errors;
        private boolean failed;

        Checker(String prefix, List<FieldError> errors) {
            this.prefix = prefix;
            this.errors = errors;
        }

        private void error(String field, String message) {
            errors.add(new FieldError(field == null ? prefix : prefix + "." + field, message));
            failed = true;
        }

        IncomingTransaction check(TransactionBatch.Entry e, String accountCurrency) {
            if (e == null) {
                error(null, "must be a transaction object, not null");
                return null;
            }
            String currency = e.currency() == null ? null : e.currency().strip();
            boolean currencyOk = false;
            if (currency == null || currency.isEmpty()) {
                error("currency", "is required");
            } else {
                try {
                    Money.currency(currency);
                    if (!currency.equals(accountCurrency)) {
                        error("currency", "is " + currency + " but the account is in " + accountCurrency);
                    } else {
                        currencyOk = true;
                    }
                } catch (IllegalArgumentException ex) {
                    error("currency", ex.getMessage());
                }
            }
            BigDecimal amount = null;
            String rawAmount = e.amount() == null ? null : e.amount().strip();
            if (rawAmount == null || rawAmount.isEmpty()) {
                error("amount", "is required");
            } else if (!AMOUNT.matcher(rawAmount).matches()) {
                error("amount", "must be a signed decimal such as -1250.00, got " + abbreviate(rawAmount));
            } else if (currencyOk) {
                try {
                    amount = Money.of(new BigDecimal(rawAmount), currency);
                } catch (IllegalArgumentException ex) {
                    error("amount", ex.getMessage());
                }
            }
            if (e.bookingDate() == null) {
                error("bookingDate", "is required");
            }
            String iban = Iban.normalize(blankToNull(e.counterpartyIban()));
            if (iban != null && !Iban.isValid(iban)) {
                error("counterpartyIban", "not a valid IBAN (country, length, account format or check digits)");
            }
            String bic = blankToNull(e.counterpartyBic());
            bic = Bic.normalize(bic);
            if (bic != null && !Bic.isValid(bic)) {
                error("counterpartyBic", "not a BIC (8 or 11 letters and digits with a known country)");
            }
            String bankReference = text("bankReference", e.bankReference(), 128);
            String name = text("counterpartyName", e.counterpartyName(), 200);
            String remittance = text("remittanceInformation", e.remittanceInformation(), 1000);
            String endToEnd = text("endToEndId", e.endToEndId(), 64);
            String code = text("bankTransactionCode", e.bankTransactionCode(), 64);
            String returnReason = text("returnReason", e.returnReason(), 35);
            String rawReference = text("structuredReference", e.structuredReference(), 64);
            StructuredReferences.Classified ref = StructuredReferences.classify(rawReference);
            if (failed) {
                return null;
            }
            return new IncomingTransaction(
                    bankReference,
                    e.status() == null ? BookingStatus.BOOKED : e.status(),
                    amount,
                    currency,
                    e.bookingDate(),
                    e.valueDate(),
                    name,
                    iban,
                    bic,
                    remittance,
                    ref == null ? null : ref.reference(),
                    ref == null ? null : ref.type(),
                    endToEnd,
                    code,
                    Boolean.TRUE.equals(e.reversal()) || ReturnCodes.isReversal(code),
                    returnReason,
                    null);
        }

        private String text(String field, String value, int max) {
            String v = blankToNull(value);
            if (v != null && v.length() > max) {
                error(field, "at most " + max + " characters");
            }
            return v;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
