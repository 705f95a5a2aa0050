package app.lettrage.bankconnectors;

import java.util.List;

/** One account's transactions from one sync call (all pages), and the rate limit the provider reported last. */
public record TransactionReport(
        String accountIban, List<CanonicalTransaction> transactions, RateLimit rateLimit, int pages) {

    public TransactionReport {
        transactions = List.copyOf(transactions);
    }

    public List<CanonicalTransaction> booked() {
        return transactions.stream()
                .filter(t -> t.status() == CanonicalTransaction.Status.BOOKED)
                .toList();
    }

    public List<CanonicalTransaction> pending() {
        return transactions.stream()
                .filter(t -> t.status() == CanonicalTransaction.Status.PENDING)
                .toList();
    }
}
