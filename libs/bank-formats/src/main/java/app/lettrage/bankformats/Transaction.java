package app.lettrage.bankformats;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One booked (or pending) movement on the account, in the canonical model.
 *
 * @param amount signed amount (negative = debit), scaled to the currency's default fraction digits when that is lossless
 * @param currency ISO 4217 code of {@code amount}
 * @param status booked, pending (camt PDNG, MT942) or information only
 * @param reversal true for a reversal / return (camt RvslInd, MT940 RC/RD, CODA R-transactions)
 * @param bookingDate booking (entry) date; may be null when the file gives none (MT940 without entry date uses value date)
 * @param bookingTime booking date-time when the file gives a time (camt BookgDt/DtTm, OFX)
 * @param counterparty the other party: debtor for a credit, creditor for a debit
 * @param remittanceInformation unstructured remittance text (camt Ustrd joined; MT940 SVWZ+ / REMI / free :86:)
 * @param creditorReference structured creditor reference with its type, when present
 * @param bankReference the bank's own reference for the entry (camt AcctSvcrRef, MT940 bank reference after "//", CODA bank reference)
 * @param transactionId transaction id (camt TxId, OFX FITID)
 * @param customerReference account owner's reference (MT940 :61: customer reference, camt InstrId)
 * @param entryReference camt NtryRef
 * @param details format-specific extras (GVC, primanota, posting text, batch info, ...), keys documented in README
 * @param sourceLine line in the source file where the transaction (entry) starts
 */
public record Transaction(
        BigDecimal amount,
        String currency,
        TransactionStatus status,
        boolean reversal,
        LocalDate bookingDate,
        Timestamp bookingTime,
        LocalDate valueDate,
        Timestamp valueTime,
        Party counterparty,
        Party ultimateCounterparty,
        String remittanceInformation,
        CreditorReference creditorReference,
        String endToEndId,
        String mandateId,
        String creditorId,
        String bankReference,
        String transactionId,
        String customerReference,
        String entryReference,
        BankTransactionCode bankTransactionCode,
        String purposeCode,
        String returnReason,
        String additionalInformation,
        List<Charge> charges,
        BigDecimal originalAmount,
        String originalCurrency,
        BigDecimal exchangeRate,
        Map<String, String> details,
        long sourceLine) {

    public boolean isCredit() {
        return amount.signum() > 0;
    }

    /** Mutable builder used by the parsers. */
    public static final class Builder {
        public BigDecimal amount;
        public String currency;
        public TransactionStatus status = TransactionStatus.BOOKED;
        public boolean reversal;
        public LocalDate bookingDate;
        public Timestamp bookingTime;
        public LocalDate valueDate;
        public Timestamp valueTime;
        public String counterpartyName;
        public String counterpartyIban;
        public String counterpartyAccountId;
        public String counterpartyBic;
        public String ultimateName;
        public String remittanceInformation;
        public CreditorReference creditorReference;
        public String endToEndId;
        public String mandateId;
        public String creditorId;
        public String bankReference;
        public String transactionId;
        public String customerReference;
        public String entryReference;
        public BankTransactionCode bankTransactionCode;
        public String purposeCode;
        public String returnReason;
        public String additionalInformation;
        public List<Charge> charges = List.of();
        public BigDecimal originalAmount;
        public String originalCurrency;
        public BigDecimal exchangeRate;
        public Map<String, String> details = new java.util.LinkedHashMap<>();
        public long sourceLine;

        public Transaction build() {
            Party cp = new Party(counterpartyName, counterpartyIban, counterpartyAccountId, counterpartyBic);
            Party ult = ultimateName == null ? null : new Party(ultimateName, null, null, null);
            return new Transaction(
                    amount,
                    currency,
                    status,
                    reversal,
                    bookingDate,
                    bookingTime,
                    valueDate,
                    valueTime,
                    cp.isEmpty() ? Party.NONE : cp,
                    ult,
                    remittanceInformation,
                    creditorReference,
                    endToEndId,
                    mandateId,
                    creditorId,
                    bankReference,
                    transactionId,
                    customerReference,
                    entryReference,
                    bankTransactionCode,
                    purposeCode,
                    returnReason,
                    additionalInformation,
                    List.copyOf(charges),
                    originalAmount,
                    originalCurrency,
                    exchangeRate,
                    details.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(details),
                    sourceLine);
        }
    }
}
