package app.lettrage.bankconnectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Maps the transaction objects of a NextGenPSD2-shaped report (Berlin Group, and GoCardless, which uses the same
 * field names) to {@link CanonicalTransaction}. Quirks of real banks handled here, each seen in a public test suite:
 * amounts as JSON numbers or strings with fewer decimals than the currency ("-12.0", "-9"); a creditDebitIndicator
 * beside an always-positive amount; the own account echoed as counterparty; names padded with spaces; remittance only
 * in the arrays or in the "structured" field used as free text; "NOTPROVIDED" end-to-end ids; date-times with and
 * without offsets; no transactionId at all.
 */
public final class TransactionMapper {

    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern RF = Pattern.compile("RF[0-9]{2}[A-Z0-9]{1,21}");

    private TransactionMapper() {}

    /**
     * Maps a report's {@code transactions} object ({@code booked} and {@code pending} arrays; other keys ignored).
     *
     * @param ownIban the account's IBAN (may be null), never reported as the counterparty
     * @param path    where the object sits in the response, for error messages
     */
    public static List<CanonicalTransaction> mapReport(JsonNode transactions, String ownIban, String path) {
        List<CanonicalTransaction> out = new ArrayList<>();
        if (transactions == null || transactions.isNull() || transactions.isMissingNode()) {
            return out;
        }
        if (!transactions.isObject()) {
            throw new ProviderResponseException(path, "expected an object with booked/pending arrays");
        }
        for (CanonicalTransaction.Status status : CanonicalTransaction.Status.values()) {
            String key = status.name().toLowerCase(Locale.ROOT);
            JsonNode list = transactions.get(key);
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                throw new ProviderResponseException(path + "." + key, "expected an array");
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(map(list.get(i), status, ownIban, path + "." + key + "[" + i + "]"));
            }
        }
        return out;
    }

    public static CanonicalTransaction map(
            JsonNode tx, CanonicalTransaction.Status status, String ownIban, String path) {
        if (tx == null || !tx.isObject()) {
            throw new ProviderResponseException(path, "expected a transaction object");
        }
        JsonNode amountNode = tx.path("transactionAmount");
        String currency = text(amountNode.get("currency"));
        int exponent = exponent(currency, path + ".transactionAmount.currency");
        BigDecimal amount = amount(amountNode.get("amount"), exponent, path + ".transactionAmount.amount");
        String indicator = text(tx.get("creditDebitIndicator"));
        if (indicator != null) {
            switch (indicator.toUpperCase(Locale.ROOT)) {
                case "DBIT", "DEBIT" -> amount = amount.abs().negate();
                case "CRDT", "CREDIT" -> amount = amount.abs();
                default ->
                    throw new ProviderResponseException(
                            path + ".creditDebitIndicator", "neither CRDT nor DBIT: " + indicator);
            }
        }
        String own = normaliseIban(ownIban);
        // the other party: the creditor of money going out, the debtor of money coming in (the other side when the
        // bank filled only that one); the account itself is never its own counterparty
        boolean out = amount.signum() < 0;
        String first = out ? "creditor" : "debtor";
        String second = out ? "debtor" : "creditor";
        String name = name(tx, first);
        String iban = iban(tx, first, own);
        if (name == null && iban == null) {
            name = name(tx, second);
            iban = iban(tx, second, own);
        }
        String structured = null;
        String remittance = joined(tx.get("remittanceInformationUnstructured"));
        if (remittance == null) {
            remittance = joined(tx.get("remittanceInformationUnstructuredArray"));
        }
        JsonNode s = tx.get("remittanceInformationStructured");
        if (s != null && s.isObject()) {
            structured = text(s.get("reference"));
        } else if (s != null && s.isTextual()) {
            String v = text(s);
            if (v != null
                    && RF.matcher(v.replace(" ", "").toUpperCase(Locale.ROOT)).matches()) {
                structured = v.replace(" ", "").toUpperCase(Locale.ROOT);
            } else if (remittance == null) {
                remittance = v; // banks that put free text in the structured field
            }
        }
        JsonNode sArray = tx.get("remittanceInformationStructuredArray");
        if (sArray != null && sArray.isArray() && sArray.size() > 0) {
            JsonNode firstRef = sArray.get(0);
            if (firstRef.isObject() && structured == null) {
                structured = text(firstRef.get("reference"));
            } else if (remittance == null) {
                // the structured array is one text cut in pieces (Sparkassen): rejoined with spaces
                remittance = joined(sArray, " ");
            }
        }
        if (remittance == null) {
            remittance = text(tx.get("additionalInformation"));
        }
        String endToEnd = text(tx.get("endToEndId"));
        if (endToEnd != null && endToEnd.equalsIgnoreCase("NOTPROVIDED")) {
            endToEnd = null;
        }
        String code = text(tx.get("bankTransactionCode"));
        if (code == null) {
            code = text(tx.get("proprietaryBankTransactionCode"));
        }
        String id = text(tx.get("transactionId"));
        if (id == null) {
            id = text(tx.get("internalTransactionId")); // GoCardless's own stable id
        }
        return new CanonicalTransaction(
                id,
                status,
                amount,
                currency,
                date(tx, "bookingDate", "bookingDateTime", path),
                date(tx, "valueDate", "valueDateTime", path),
                name,
                iban,
                remittance,
                structured,
                endToEnd,
                code);
    }

    static int exponent(String currency, String field) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new ProviderResponseException(field, "not an ISO 4217 currency code: " + currency);
        }
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            if (digits < 0) {
                throw new ProviderResponseException(field, "not a currency of payments: " + currency);
            }
            return digits;
        } catch (IllegalArgumentException e) {
            throw new ProviderResponseException(field, "unknown ISO 4217 currency: " + currency);
        }
    }

    /** The amount at the currency's exponent; more significant decimals than the currency has is an error. */
    static BigDecimal amount(JsonNode node, int exponent, String field) {
        if (node == null || node.isNull()) {
            throw new ProviderResponseException(field, "missing");
        }
        BigDecimal value;
        try {
            value = node.isNumber()
                    ? node.decimalValue()
                    : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new ProviderResponseException(field, "not a decimal amount: " + node.asText());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > exponent) {
            throw new ProviderResponseException(
                    field, value.toPlainString() + " has more decimals than the currency's " + exponent);
        }
        return stripped.setScale(exponent);
    }

    private static LocalDate date(JsonNode tx, String dateField, String dateTimeField, String path) {
        String d = text(tx.get(dateField));
        if (d != null) {
            try {
                return LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                throw new ProviderResponseException(path + "." + dateField, "not a date (YYYY-MM-DD): " + d);
            }
        }
        String dt = text(tx.get(dateTimeField));
        if (dt == null) {
            return null;
        }
        try {
            // the date where the bank booked it: the local date of the bank's own offset
            return OffsetDateTime.parse(dt).toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(dt).toLocalDate();
            } catch (DateTimeParseException e2) {
                throw new ProviderResponseException(path + "." + dateTimeField, "not a date-time: " + dt);
            }
        }
    }

    private static String name(JsonNode tx, String side) {
        String n = text(tx.get(side + "Name"));
        return n != null ? n : text(tx.get("ultimate" + Character.toUpperCase(side.charAt(0)) + side.substring(1)));
    }

    private static String iban(JsonNode tx, String side, String own) {
        String iban = normaliseIban(text(tx.path(side + "Account").get("iban")));
        return iban == null || iban.equals(own) ? null : iban;
    }

    /**
     * Upper case without spaces, or null when it is not shaped like an IBAN (placeholders such as "CREDITOR000IBAN").
     * Check digits are not verified here: banks' test systems report IBANs with wrong ones, and the bank's word is
     * what we record; matching checks them where it matters.
     */
    public static String normaliseIban(String raw) {
        if (raw == null) {
            return null;
        }
        String iban = raw.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        return IBAN.matcher(iban).matches() ? iban : null;
    }

    /** A text, or the lines of an array joined with ", "; line breaks inside a text become ", " too. */
    private static String joined(JsonNode node) {
        return joined(node, ", ");
    }

    private static String joined(JsonNode node, String separator) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> {
                String t = n.isObject() ? text(n.get("reference")) : text(n);
                if (t != null) {
                    parts.add(t);
                }
            });
            return parts.isEmpty() ? null : String.join(separator, parts);
        }
        String t = text(node);
        return t == null ? null : t.replaceAll("\\s*\\R\\s*", ", ");
    }

    /** Trimmed text; blank is null. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        String t = node.asText().strip();
        return t.isEmpty() ? null : t;
    }
}
