package app.lettrage.bankformats;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** A whole statement held in memory, as collected by {@link BankFormats#parseAll}. Only for small inputs. */
public record Statement(
        StatementHeader header, List<Transaction> transactions, List<Balance> closingBalances, List<String> warnings) {

    public StatementFormat format() {
        return header.format();
    }

    public String accountIban() {
        return header.account().iban();
    }

    public String accountId() {
        return header.account().iban() != null
                ? header.account().iban()
                : header.account().accountId();
    }

    public String currency() {
        return header.currency();
    }

    public String statementId() {
        return header.statementId();
    }

    public Optional<Balance> openingBalance() {
        return header.openingBalances().stream()
                .filter(b -> b.type().isOpening())
                .findFirst()
                .or(() -> closingBalances.stream()
                        .filter(b -> b.type() == BalanceType.OPENING_DERIVED)
                        .findFirst());
    }

    public Optional<Balance> closingBalance() {
        return closingBalances.stream()
                .filter(b -> b.type() == BalanceType.CLOSING_BOOKED)
                .findFirst()
                .or(() -> closingBalances.stream()
                        .filter(b -> b.type().isClosing())
                        .findFirst());
    }

    public Optional<Balance> balance(BalanceType type) {
        return java.util.stream.Stream.concat(header.openingBalances().stream(), closingBalances.stream())
                .filter(b -> b.type() == type)
                .findFirst();
    }

    public BigDecimal sum() {
        return transactions.stream().map(Transaction::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
