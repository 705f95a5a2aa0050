package app.lettrage.bankformats;

public enum TransactionStatus {
    BOOKED,
    PENDING,
    INFO
}
