package app.lettrage.matching.gen;

/**
 * What a generated transaction is. The truth of each: the invoices it pays ({@link #paysInvoices()}), or none. The
 * traps are the classes of issue 13 and its scale findings; a perfect engine suggests them (truth first) rather than
 * matching them automatically, or leaves them (truth: none).
 */
enum Kind {
    // ---- legitimate payments, decidable without a person
    /** Full payment, the invoice number in the remittance in one of many spellings and languages. */
    FULL_REFERENCE(true, false),
    /** Full payment, the invoice's RF creditor reference in the structured field or the text. */
    FULL_RF(true, false),
    /** Full payment, the Belgian structured communication. */
    FULL_OGM(true, false),
    /** Full payment, no reference: the payer (IBAN or a name no other company has) and the amount. */
    FULL_NO_REFERENCE(true, false),
    /** Full payment, the number in the end-to-end id. */
    FULL_E2E(true, false),
    /** A round fraction of the invoice with its reference; the balance follows later. */
    INSTALMENT(true, false),
    INSTALMENT_BALANCE(true, false),
    /** The payee bank's SEPA charge deducted (0.10 to 2.50), reference given. */
    SEPA_CHARGE(true, false),
    /** Correspondent charges deducted from a cross-border transfer (10 to 45), reference given. */
    CROSS_BORDER_CHARGES(true, false),
    /** A round early-payment discount (2% or 3%), reference given. */
    DISCOUNT(true, false),
    /** A few cents to one euro too much, reference given. */
    OVERPAYMENT(true, false),
    /** Several invoices of one customer, their numbers listed. */
    GROUP_REFERENCED(true, false),
    /** Several invoices of one customer identified by IBAN, no reference, distinct amounts. */
    GROUP_IBAN(true, false),
    /** An outgoing payment of a supplier's invoice. */
    PURCHASE(true, false),
    // ---- payments a person must confirm (truth: the invoices paid)
    /** The number with a typo: one digit changed or two swapped. */
    TYPO(true, true),
    /** Class 1: the payer quotes the number of an invoice of his already settled (a stale payment template). */
    STALE_REFERENCE(true, true),
    /** Class 1: the payer quotes a number of the tenant's shape that exists nowhere (cancelled, pro forma). */
    UNKNOWN_NUMBER(true, true),
    /** Class 1: the payer quotes another customer's invoice. */
    OTHER_CUSTOMERS_NUMBER(true, true),
    /** Class 2: the invoice less a credit note the book does not know, the remittance naming the credit note. */
    NET_OF_CREDIT_NOTE(true, true),
    /** Class 2: a SEPA charge deducted, no reference, a payer known by name only. */
    NAME_ONLY_TOLERANCE(true, true),
    /** Class 3: two of several equal open amounts, no reference (truth: the two oldest). */
    EQUAL_AMOUNT_GROUP(true, true),
    /** Class 3: several invoices, no reference, a payer known by name only. */
    NAME_ONLY_GROUP(true, true),
    /** Class 4: the payer quotes another open invoice of his, of another amount. */
    OTHER_PAYMENTS_REFERENCE(true, true),
    /** Scale: a company of a name family pays without IBAN, reference or legal form. */
    FAMILY_NAME_ONLY(true, true),
    // ---- transactions that pay no invoice
    NOISE_OUT(false, false),
    NOISE_IN(false, false),
    /** A stranger pays an amount equal to an open invoice. */
    STRANGER_EXACT_AMOUNT(false, false),
    /** A customer known by IBAN pays an amount that is no invoice of his (deposit, other business). */
    KNOWN_PAYER_OTHER(false, false),
    /** A stranger quotes another tenant's invoice number, with an amount equal to an open invoice. */
    FOREIGN_TENANT_NUMBER(false, false),
    /** Class 2: a customer pays an advance on an order, several percent below one of his open invoices. */
    ADVANCE_PAYMENT(false, false);

    private final boolean paysInvoices;
    private final boolean forAPerson;

    Kind(boolean paysInvoices, boolean forAPerson) {
        this.paysInvoices = paysInvoices;
        this.forAPerson = forAPerson;
    }

    boolean paysInvoices() {
        return paysInvoices;
    }

    /** Whether the evidence leaves this to a person: never to be matched automatically. */
    boolean forAPerson() {
        return forAPerson;
    }
}
