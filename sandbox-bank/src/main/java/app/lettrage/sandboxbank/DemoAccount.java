package app.lettrage.sandboxbank;

/**
 * An account of the demo tenant at the sandbox bank.
 *
 * @param positiveOnly the bank reports every amount positive with a creditDebitIndicator (CRDT/DBIT)
 * @param withoutIds   the bank gives no transactionId at all
 */
record DemoAccount(String iban, String currency, String name, String owner, boolean positiveOnly, boolean withoutIds) {}
