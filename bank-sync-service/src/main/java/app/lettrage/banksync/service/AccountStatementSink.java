package app.lettrage.banksync.service;

import app.lettrage.bankformats.Balance;
import app.lettrage.bankformats.StatementHeader;
import app.lettrage.bankformats.StatementSink;
import app.lettrage.bankformats.Transaction;
import app.lettrage.bankformats.TransactionStatus;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.problem.ProblemException;
import java.time.LocalDate;
import java.util.List;

/**
 * Receives the parsed statements of a file for one account: a statement of another account fails the file (422), each
 * entry is counted and handed on as importable, rejected (naming its entry and line) or skipped (information only).
 */
final class AccountStatementSink implements StatementSink {
    private final String accountIban;
    private final String accountCurrency;
    private final StatementFiles.EntryConsumer consumer;
    int statements;
    int entries;
    int importable;
    int rejected;
    int skipped;
    LocalDate firstDate;
    LocalDate lastDate;

    AccountStatementSink(String accountIban, String accountCurrency, StatementFiles.EntryConsumer consumer) {
        this.accountIban = accountIban;
        this.accountCurrency = accountCurrency;
        this.consumer = consumer;
    }

    @Override
    public void startStatement(StatementHeader header) {
        statements++;
        String iban = header.account() == null ? null : header.account().iban();
        String other = header.account() == null ? null : header.account().accountId();
        String named = iban != null ? Iban.normalize(iban) : other == null ? null : other.strip();
        if (named != null && !named.equals(accountIban)) {
            throw ProblemException.unprocessable(
                    "statement-account-mismatch",
                    "statement " + statements
                            + (header.statementId() == null ? "" : " (" + header.statementId() + ")") + " at line "
                            + header.sourceLine() + " is for account " + named + ", not this account's "
                            + accountIban
                            + ". Nothing was imported.");
        }
    }

    @Override
    public void transaction(Transaction t) {
        entries++;
        long line = t.sourceLine();
        if (t.status() == TransactionStatus.INFO) {
            skipped++;
            deliver(() -> consumer.skipped(entries, line));
            return;
        }
        String problem = StatementEntries.problem(t, accountCurrency);
        if (problem != null) {
            rejected++;
            String reason = "entry " + entries + " (line " + line + ") " + problem;
            deliver(() -> consumer.rejected(entries, line, reason));
            return;
        }
        importable++;
        LocalDate booking = t.bookingDate() != null ? t.bookingDate() : t.valueDate();
        if (firstDate == null || booking.isBefore(firstDate)) {
            firstDate = booking;
        }
        if (lastDate == null || booking.isAfter(lastDate)) {
            lastDate = booking;
        }
        if (consumer == StatementFiles.COUNT_ONLY) {
            return;
        }
        IncomingTransaction in = StatementEntries.incoming(t, accountCurrency);
        deliver(() -> consumer.transaction(entries, line, in));
    }

    private void deliver(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            throw new StatementFiles.ConsumerFailure(e);
        }
    }

    @Override
    public void endStatement(List<Balance> closingBalances, List<String> warnings) {}
}
