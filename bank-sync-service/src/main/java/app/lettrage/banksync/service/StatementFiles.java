package app.lettrage.banksync.service;

import app.lettrage.bankformats.BankFormats;
import app.lettrage.bankformats.BankTransactionCode;
import app.lettrage.bankformats.Balance;
import app.lettrage.bankformats.StatementFormat;
import app.lettrage.bankformats.StatementHeader;
import app.lettrage.bankformats.StatementParseException;
import app.lettrage.bankformats.StatementSink;
import app.lettrage.bankformats.Transaction;
import app.lettrage.bankformats.TransactionStatus;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a statement file (camt.05x, MT940/MT942, OFX, CODA) with bank-formats into the transactions to import into
 * one account, checking that every statement is the account's and every entry in its currency. The whole file is
 * checked before anything is imported; the caller bounds its size, so the collected transactions are bounded too.
 */
public final class StatementFiles {

    private static final Pattern BIC = Pattern.compile("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?");

    private StatementFiles() {
    }

    /** What was read: the format, how many statements and entries, and the entries to import (INFO ones left out). */
    public record Parsed(StatementFormat format, int statements, int entriesRead, List<IncomingTransaction> transactions) {
    }

    /** The format named by a request ("camt.053", "CAMT_053", "mt940", ...), or a 400 problem. */
    public static StatementFormat format(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        try {
            StatementFormat f = StatementFormat.valueOf(n);
            if (f == StatementFormat.CSV) {
                throw ProblemException.badRequest("format", "CSV needs a column mapping, not supported by this endpoint yet");
            }
            return f;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("format", "unknown statement format '" + name.strip()
                    + "': one of camt.052, camt.053, camt.054, MT940, MT942, OFX, CODA");
        }
    }

    /**
     * Parses the file for the account; 422 problems for an unreadable file (naming the line), a statement of another
     * account or an entry in another currency (naming the entry).
     */
    public static Parsed parse(byte[] content, StatementFormat format, String accountIban, String accountCurrency) {
        Sink sink = new Sink(accountIban, accountCurrency);
        StatementFormat read;
        try (InputStream in = new ByteArrayInputStream(content)) {
            if (format == null) {
                read = BankFormats.parse(in, sink);
            } else {
                BankFormats.parser(format).parse(in, sink);
                read = format;
            }
        } catch (ProblemException e) {
            throw e;
        } catch (StatementParseException e) {
            throw ProblemException.unprocessable("unreadable-statement", "the file is not a readable statement: "
                    + e.getMessage() + ". Nothing was imported.");
        } catch (IOException | RuntimeException e) {
            throw ProblemException.unprocessable("unreadable-statement", "the file is not a readable statement: "
                    + e.getMessage() + ". Nothing was imported.");
        }
        return new Parsed(read, sink.statements, sink.entries, sink.transactions);
    }

    private static final class Sink implements StatementSink {
        private final String accountIban;
        private final String accountCurrency;
        final List<IncomingTransaction> transactions = new ArrayList<>();
        int statements;
        int entries;

        Sink(String accountIban, String accountCurrency) {
            this.accountIban = accountIban;
            this.accountCurrency = accountCurrency;
        }

        @Override
        public void startStatement(StatementHeader header) {
            statements++;
            String iban = header.account() == null ? null : header.account().iban();
            String other = header.account() == null ? null : header.account().accountId();
            String named = iban != null ? Iban.normalize(iban) : other == null ? null : other.strip();
            if (named != null && !named.equals(accountIban)) {
                throw ProblemException.unprocessable("statement-account-mismatch", "statement " + statements
                        + (header.statementId() == null ? "" : " (" + header.statementId() + ")") + " at line "
                        + header.sourceLine() + " is for account " + named + ", not this account's " + accountIban
                        + ". Nothing was imported.");
            }
        }

        @Override
        public void transaction(Transaction t) {
            entries++;
            String where = "entry " + entries + " (line " + t.sourceLine() + ")";
            if (t.status() == TransactionStatus.INFO) {
                return;
            }
            if (t.currency() == null || !t.currency().equals(accountCurrency)) {
                throw ProblemException.unprocessable("statement-currency-mismatch", where + " is in " + t.currency()
                        + " but the account is in " + accountCurrency + ". Nothing was imported.");
            }
            java.math.BigDecimal amount;
            try {
                amount = Money.of(t.amount(), accountCurrency);
            } catch (IllegalArgumentException e) {
                throw ProblemException.unprocessable("unreadable-statement", where + ": " + e.getMessage()
                        + ". Nothing was imported.");
            }
            LocalDate booking = t.bookingDate() != null ? t.bookingDate() : t.valueDate();
            if (booking == null) {
                throw ProblemException.unprocessable("unreadable-statement", where + " has neither booking nor value date."
                        + " Nothing was imported.");
            }
            String reference = text(t.bankReference() != null ? t.bankReference() : t.transactionId(), Integer.MAX_VALUE);
            if (reference != null && reference.length() > 128) {
                reference = null; // too long to be a key: the fingerprint then
            }
            String iban = t.counterparty() == null ? null : Iban.normalize(text(t.counterparty().iban(), 64));
            if (iban != null && (iban.length() > 34 || !Iban.isValid(iban))) {
                iban = null;
            }
            String bic = t.counterparty() == null ? null : text(t.counterparty().bic(), 64);
            bic = bic == null ? null : bic.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
            if (bic != null && !BIC.matcher(bic).matches()) {
                bic = null;
            }
            String name = t.counterparty() == null ? null : text(t.counterparty().name(), 200);
            StructuredReferences.Classified ref = t.creditorReference() == null ? null
                    : StructuredReferences.classify(text(t.creditorReference().reference(), 64));
            String endToEnd = text(t.endToEndId(), 64);
            if ("NOTPROVIDED".equalsIgnoreCase(endToEnd)) {
                endToEnd = null;
            }
            transactions.add(new IncomingTransaction(reference,
                    t.status() == TransactionStatus.PENDING ? BookingStatus.PENDING : BookingStatus.BOOKED,
                    amount, accountCurrency, booking, t.valueDate(), name, iban, bic,
                    text(t.remittanceInformation(), 1000),
                    ref == null ? null : ref.reference(), ref == null ? null : ref.type(), endToEnd,
                    text(code(t.bankTransactionCode()), 64)));
        }

        @Override
        public void endStatement(List<Balance> closingBalances, List<String> warnings) {
        }
    }

    private static String code(BankTransactionCode c) {
        if (c == null || c.isEmpty()) {
            return null;
        }
        if (c.domain() != null) {
            return c.domain() + (c.family() == null ? "" : "-" + c.family()) + (c.subFamily() == null ? "" : "-" + c.subFamily());
        }
        return c.proprietary();
    }

    /** Stripped, blank as null, cut to the column's length. */
    private static String text(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }
}
