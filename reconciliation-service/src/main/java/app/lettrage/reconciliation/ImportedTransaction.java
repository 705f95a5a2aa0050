package app.lettrage.reconciliation;

import app.lettrage.events.ExchangeRate;
import app.lettrage.events.InstructedAmount;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.TransactionImported;
import app.lettrage.identifiers.Iban;
import app.lettrage.matching.BankTransaction;
import app.lettrage.platform.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What bank-sync-service imported of a bank transaction, as received: it never changes here. {@link ReconTransaction}
 * adds what reconciliation decides about it.
 */
@MappedSuperclass
public abstract class ImportedTransaction {

    @Id
    @Column(name = "transaction_id")
    private String transactionId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String status;

    /** Signed: positive is money in. */
    @Column(nullable = false)
    private BigDecimal amount;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    private String currency;

    @Column(name = "booking_date", nullable = false)
    private LocalDate bookingDate;

    @Column(name = "counterparty_name")
    private String counterpartyName;

    @Column(name = "counterparty_iban")
    private String counterpartyIban;

    @Column(name = "remittance_information")
    private String remittanceInformation;

    @Column(name = "structured_reference")
    private String structuredReference;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "account_iban")
    private String accountIban;

    @Column(name = "value_date")
    private LocalDate valueDate;

    @Column(name = "end_to_end_id")
    private String endToEndId;

    @Column(name = "bank_transaction_code")
    private String bankTransactionCode;

    @Column(name = "supersedes_transaction_id")
    private String supersedesTransactionId;

    /** The bank reports the line as undoing an earlier payment (a return, a reversal, a chargeback). */
    @Column(nullable = false)
    private boolean reversal;

    /** The bank's return reason code, when it gives one. */
    @Column(name = "return_reason")
    private String returnReason;

    /** What the payer instructed in another currency, when the bank converted the payment; else null. */
    @Column(name = "instructed_amount")
    private BigDecimal instructedAmount;

    @Column(name = "instructed_currency", columnDefinition = "bpchar(3)")
    private String instructedCurrency;

    /** The bank's rate: one unit of {@link #exchangeRateCurrency} in units of {@link #currency}; else null. */
    @Column(name = "exchange_rate")
    private BigDecimal exchangeRate;

    @Column(name = "exchange_rate_currency", columnDefinition = "bpchar(3)")
    private String exchangeRateCurrency;

    /** The currency the payment was converted from (the instructed amount's, else the rate's), or null. */
    @Column(name = "converted_from", columnDefinition = "bpchar(3)")
    private String convertedFrom;

    /** Remittance and structured reference, upper-case letters and digits only: what waiting look-ups search. */
    @Column(name = "text_key")
    private String textKey;

    protected ImportedTransaction() {}

    protected ImportedTransaction(TransactionImported e, Instant receivedAt) {
        transactionId = e.transactionId();
        tenantId = e.tenantId();
        accountId = e.accountId();
        accountIban = Iban.normalize(e.accountIban());
        status = e.status().name();
        amount = Money.of(e.amount(), e.currency());
        currency = e.currency();
        bookingDate = e.bookingDate();
        valueDate = e.valueDate();
        counterpartyName = e.counterpartyName();
        counterpartyIban = Iban.normalize(e.counterpartyIban());
        remittanceInformation = e.remittanceInformation();
        structuredReference = e.structuredReference();
        endToEndId = e.endToEndId();
        bankTransactionCode = e.bankTransactionCode();
        supersedesTransactionId = e.supersedesTransactionId();
        reversal = e.isReversal();
        returnReason = e.returnReason();
        keepConversion(e.instructedAmount(), e.exchangeRate());
        textKey = OpenItem.key(e.remittanceInformation()) + " " + OpenItem.key(e.structuredReference());
        this.receivedAt = receivedAt;
    }

    /**
     * Keeps what the bank says of a conversion from another currency when it can be trusted: bounded, ISO 4217, and
     * another currency than the account's. Anything else is dropped and the payment is matched as an ordinary one
     * (a detail that steers matching must not be taken on faith, even from our own producer).
     */
    private void keepConversion(InstructedAmount instructed, ExchangeRate rate) {
        if (instructed != null
                && !instructed.currency().equals(currency)
                && InstructedAmount.isValid(instructed.amount(), instructed.currency())) {
            instructedAmount = Money.of(instructed.amount(), instructed.currency());
            instructedCurrency = instructed.currency();
        }
        if (rate != null
                && !rate.currency().equals(currency)
                && (instructedCurrency == null || instructedCurrency.equals(rate.currency()))
                && ExchangeRate.isValid(rate.currency(), rate.rate())) {
            exchangeRate = rate.rate();
            exchangeRateCurrency = rate.currency();
        }
        convertedFrom = instructedCurrency != null ? instructedCurrency : exchangeRateCurrency;
    }

    /** How the bank converted the payment, as the engine takes it; null for a payment in the account's currency. */
    private BankTransaction.Conversion conversion() {
        if (convertedFrom == null) {
            return null;
        }
        return new BankTransaction.Conversion(instructedAmount, convertedFrom, exchangeRate);
    }

    /**
     * The rate between the account's currency and {@code invoiceCurrency} for a payment converted from it: the bank's,
     * else the one the instructed amount implies (booked / instructed); null when the payment was not converted from
     * that currency.
     */
    public ExchangeRate rateFrom(String invoiceCurrency) {
        if (invoiceCurrency.equals(currency) || !invoiceCurrency.equals(convertedFrom)) {
            return null;
        }
        if (exchangeRate != null) {
            return new ExchangeRate(convertedFrom, exchangeRate);
        }
        BigDecimal implied = amount.abs()
                .divide(instructedAmount, ExchangeRate.MAX_RATE_DECIMALS, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        implied = implied.scale() < 0 ? implied.setScale(0) : implied;
        return ExchangeRate.isValid(convertedFrom, implied) ? new ExchangeRate(convertedFrom, implied) : null;
    }

    /** Money in settles SALES invoices, money out PURCHASE invoices. */
    public InvoiceDirection direction() {
        return amount.signum() > 0 ? InvoiceDirection.SALES : InvoiceDirection.PURCHASE;
    }

    /** What the engine decides on. */
    public BankTransaction toBankTransaction() {
        return new BankTransaction(
                transactionId,
                tenantId,
                accountIban,
                amount,
                currency,
                bookingDate,
                valueDate,
                counterpartyName,
                counterpartyIban,
                remittanceInformation,
                structuredReference,
                endToEndId,
                bankTransactionCode,
                conversion());
    }

    @PostLoad
    void toCurrencyScale() {
        amount = Money.of(amount, currency);
        if (instructedAmount != null) {
            instructedAmount = Money.of(instructedAmount, instructedCurrency);
        }
        if (exchangeRate != null) {
            // numeric(18,10) comes back padded to 10 decimals
            BigDecimal r = exchangeRate.stripTrailingZeros();
            exchangeRate = r.scale() < 0 ? r.setScale(0) : r;
        }
    }

    public String transactionId() {
        return transactionId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String accountId() {
        return accountId;
    }

    /** The bank's booking status: BOOKED or PENDING. */
    public String status() {
        return status;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public LocalDate bookingDate() {
        return bookingDate;
    }

    public String counterpartyName() {
        return counterpartyName;
    }

    public String counterpartyIban() {
        return counterpartyIban;
    }

    public String remittanceInformation() {
        return remittanceInformation;
    }

    public String structuredReference() {
        return structuredReference;
    }

    public LocalDate valueDate() {
        return valueDate;
    }

    public String endToEndId() {
        return endToEndId;
    }

    /** Whether the bank reports this line as undoing an earlier payment. */
    public boolean isReversal() {
        return reversal;
    }

    /** The bank's return reason code, or null. */
    public String returnReason() {
        return returnReason;
    }

    /** The earlier version of the same transaction that this one replaces (the pending one it booked), if any. */
    public String supersedesTransactionId() {
        return supersedesTransactionId;
    }
}
