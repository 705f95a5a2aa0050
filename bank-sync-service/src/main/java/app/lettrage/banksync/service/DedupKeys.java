package app.lettrage.banksync.service;

import app.lettrage.events.TransactionImported.BookingStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The deduplication key of each transaction of one import (a batch, a statement file, a sync window).
 *
 * <ul>
 *   <li>With the bank's own transaction id: {@code ref:<bankReference>} ({@code pending:ref:...} for a pending one,
 *       so that the booked version of a pending transaction is not taken for a duplicate of it).</li>
 *   <li>Without: {@code fp:<fingerprint>:<occurrence>}, the fingerprint being the SHA-256 of account, status,
 *       booking date, amount, counterparty IBAN and name, and remittance information (texts with case and runs of
 *       white space ignored), and the occurrence counting identical fingerprints within the import (1, 2, ...).
 *       Two genuine identical payments on one day are thus two transactions, and importing the same data again
 *       yields the same keys: nothing new.</li>
 * </ul>
 */
public final class DedupKeys {

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private DedupKeys() {}

    public record Keyed(IncomingTransaction transaction, String fingerprint, int occurrence, String dedupKey) {}

    /** Keys for the transactions of one import, in their order. */
    public static List<Keyed> assign(UUID accountId, List<IncomingTransaction> transactions) {
        Map<String, Integer> occurrences = new HashMap<>();
        List<Keyed> keyed = new ArrayList<>(transactions.size());
        for (IncomingTransaction t : transactions) {
            String fp = fingerprint(accountId, t);
            int occurrence = occurrences.merge(fp, 1, Integer::sum);
            String key;
            if (t.bankReference() != null) {
                key = (t.status() == BookingStatus.PENDING ? "pending:ref:" : "ref:") + t.bankReference();
            } else {
                key = "fp:" + fp + ":" + occurrence;
            }
            keyed.add(new Keyed(t, fp, occurrence, key));
        }
        return keyed;
    }

    /**
     * Keys for the transactions of one statement file: as {@link #assign}, but a bank reference that comes back within
     * the file (a camt batch entry whose details carry only the entry's reference) gets its occurrence appended
     * ({@code ref:X}, {@code ref:X#2}, ...), so that the details stay distinct and a re-upload yields the same keys.
     */
    public static List<Keyed> assignForFile(UUID accountId, List<IncomingTransaction> transactions) {
        FileKeys keys = new FileKeys(accountId);
        List<Keyed> out = new ArrayList<>(transactions.size());
        for (IncomingTransaction t : transactions) {
            out.add(keys.next(t));
        }
        return out;
    }

    /**
     * The keys of one statement file, assigned one transaction at a time as the file streams by (same keys as
     * {@link #assignForFile}). Remembers each fingerprint and bank reference of the file seen so far.
     */
    public static final class FileKeys {
        private final UUID accountId;
        private final Map<String, Integer> occurrences = new HashMap<>();
        private final Map<String, Integer> references = new HashMap<>();

        public FileKeys(UUID accountId) {
            this.accountId = accountId;
        }

        public Keyed next(IncomingTransaction t) {
            String fp = fingerprint(accountId, t);
            int occurrence = occurrences.merge(fp, 1, Integer::sum);
            if (t.bankReference() == null) {
                return new Keyed(t, fp, occurrence, "fp:" + fp + ":" + occurrence);
            }
            String key = (t.status() == BookingStatus.PENDING ? "pending:ref:" : "ref:") + t.bankReference();
            int n = references.merge(key, 1, Integer::sum);
            return new Keyed(t, fp, occurrence, n == 1 ? key : key + "#" + n);
        }
    }

    /** SHA-256 (lower-case hex) of the identifying content of a transaction, without its occurrence. */
    public static String fingerprint(UUID accountId, IncomingTransaction t) {
        StringBuilder s = new StringBuilder(256);
        field(s, accountId.toString());
        field(s, t.status().name());
        field(s, t.bookingDate().toString());
        field(s, t.amount().toPlainString());
        field(s, t.currency());
        field(s, t.counterpartyIban());
        field(s, text(t.counterpartyName()));
        field(s, text(t.remittanceInformation()));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Length-prefixed, so that no choice of field contents can make two different tuples collide. */
    private static void field(StringBuilder s, String value) {
        if (value == null) {
            s.append("-;");
        } else {
            s.append(value.length()).append(':').append(value).append(';');
        }
    }

    private static String text(String value) {
        return value == null
                ? null
                : SPACES.matcher(value.strip()).replaceAll(" ").toUpperCase(Locale.ROOT);
    }
}
