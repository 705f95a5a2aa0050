package app.lettrage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.TransactionImported;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.reconciliation.ReconTransaction.State;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that link a reversal to the payment it undoes, each written from the rule (see {@link ReversalLink}). */
class ReversalLinkTest {

    private static final LocalDate RETURNED = LocalDate.of(2026, 3, 10);
    private static final Instant AT = Instant.parse("2026-03-10T08:00:00Z");
    private static final String IBAN_A = "DE89370400440532013000";
    private static final String IBAN_B = "FR1420041010050500013M02606";

    /** A transaction of account acc-1 of tenant acme; fields are set by the caller through the builder. */
    private static final class Tx {
        String id;
        String account = "acc-1";
        String amount;
        String currency = "EUR";
        LocalDate booked;
        String name;
        String iban;
        String reference;
        String endToEnd;
        boolean reversal;
        String reason;

        Tx(String id, String amount, LocalDate booked) {
            this.id = id;
            this.amount = amount;
            this.booked = booked;
        }

        Tx name(String v) {
            name = v;
            return this;
        }

        Tx iban(String v) {
            iban = v;
            return this;
        }

        Tx reference(String v) {
            reference = v;
            return this;
        }

        Tx endToEnd(String v) {
            endToEnd = v;
            return this;
        }

        Tx account(String v) {
            account = v;
            return this;
        }

        Tx currency(String v) {
            currency = v;
            return this;
        }

        Tx reversal(String returnReason) {
            reversal = true;
            reason = returnReason;
            return this;
        }

        ReconTransaction build() {
            return ReconTransaction.imported(
                    new TransactionImported(
                            id,
                            "acme",
                            account,
                            "BE71096123456769",
                            Source.FILE,
                            BookingStatus.BOOKED,
                            new BigDecimal(amount),
                            currency,
                            booked,
                            booked,
                            name,
                            iban,
                            null,
                            null,
                            reference,
                            null,
                            endToEnd,
                            null,
                            null,
                            AT,
                            reversal,
                            reason),
                    AT);
        }
    }

    private static Tx payment(String id, String amount, LocalDate booked) {
        return new Tx(id, amount, booked);
    }

    /** A returned direct debit: money that came in goes out again. */
    private static Tx returnOf(String amount) {
        return new Tx("ret", amount, RETURNED).reversal("AM04");
    }

    private static ReversalLink.Outcome find(Tx reversal, Tx... payments) {
        List<ReconTransaction> list = new ArrayList<>();
        for (Tx p : payments) {
            list.add(p.build());
        }
        return ReversalLink.find(reversal.build(), list);
    }

    @Test
    void theSameEndToEndIdDecidesAmongPaymentsOfTheSameAmount() {
        ReversalLink.Outcome o = find(
                returnOf("-300.00").endToEnd("E2E-7").name("Dupont SARL"),
                payment("p-1", "300.00", RETURNED.minusDays(6)).name("Dupont SARL"),
                payment("p-2", "300.00", RETURNED.minusDays(5))
                        .endToEnd("E2E-7")
                        .name("Dupont SARL"),
                payment("p-3", "300.00", RETURNED.minusDays(4)).name("Dupont SARL"));
        assertThat(o.linked()).isTrue();
        assertThat(o.original().transactionId()).isEqualTo("p-2");
        assertThat(o.reason()).contains("end-to-end id E2E-7").contains("AM04 (insufficient funds)");
    }

    @Test
    void theSameEndToEndIdIsNotOverruledByTheReturnLinesOwnIbanOrReference() {
        ReversalLink.Outcome o = find(
                returnOf("-300.00").endToEnd("E2E-7").iban(IBAN_B).reference("RF71"),
                payment("p-1", "300.00", RETURNED.minusDays(5))
                        .endToEnd("E2E-7")
                        .iban(IBAN_A)
                        .reference("RF18539007547034"));
        assertThat(o.linked()).isTrue();
        assertThat(o.original().transactionId()).isEqualTo("p-1");
    }

    @Test
    void theNotProvidedPlaceholderIsNoEndToEndId_itNeitherDecidesNorContradicts() {
        ReversalLink.Outcome o = find(
                returnOf("-300.00").endToEnd("NOTPROVIDED").name("Dupont SARL"),
                payment("p-1", "300.00", RETURNED.minusDays(4))
                        .endToEnd("NOTPROVIDED")
                        .name("Martin SA"),
                payment("p-2", "300.00", RETURNED.minusDays(3))
                        .endToEnd("E2E-9")
                        .name("Dupont SARL"));
        assertThat(o.linked()).isTrue();
        assertThat(o.original().transactionId()).isEqualTo("p-2");
        assertThat(o.reason()).contains("the same counterparty name").doesNotContain("NOTPROVIDED");
    }

    @Test
    void aSingleAgreementOnCounterpartyOrReferenceLinksWhenNoEndToEndIdIsShared() {
        assertThat(find(
                                returnOf("-300.00").iban(IBAN_A),
                                payment("p-1", "300.00", RETURNED.minusDays(3)).iban(IBAN_A),
                                payment("p-2", "300.00", RETURNED.minusDays(3)))
                        .original()
                        .transactionId())
                .isEqualTo("p-1");
        assertThat(find(
                                returnOf("-300.00").reference("RF18 5390 0754 7034"),
                                payment("p-1", "300.00", RETURNED.minusDays(3)).reference("RF18539007547034"))
                        .original()
                        .transactionId())
                .as("references compare on letters and digits")
                .isEqualTo("p-1");
        assertThat(find(
                                returnOf("-300.00").name("DUPONT S.A.R.L."),
                                payment("p-1", "300.00", RETURNED.minusDays(3)).name("Dupont SARL"))
                        .original()
                        .transactionId())
                .isEqualTo("p-1");
    }

    @Test
    void contraryEvidenceExcludesAPayment() {
        // another end-to-end id, another IBAN, another reference: each rules the payment out
        assertThat(find(
                                returnOf("-300.00").endToEnd("E2E-7").name("Dupont"),
                                payment("p-1", "300.00", RETURNED.minusDays(3))
                                        .endToEnd("E2E-8")
                                        .name("Dupont"))
                        .linked())
                .isFalse();
        assertThat(find(
                                returnOf("-300.00").iban(IBAN_A).name("Dupont"),
                                payment("p-1", "300.00", RETURNED.minusDays(3))
                                        .iban(IBAN_B)
                                        .name("Dupont"),
                                payment("p-2", "300.00", RETURNED.minusDays(2)).name("Dupont"))
                        .original()
                        .transactionId())
                .as("the payment from another IBAN is not the one, though its name agrees")
                .isEqualTo("p-2");
        assertThat(find(
                                returnOf("-300.00")
                                        .reference("RF18539007547034")
                                        .name("Dupont"),
                                payment("p-1", "300.00", RETURNED.minusDays(3))
                                        .reference("RF71")
                                        .name("Dupont"))
                        .linked())
                .isFalse();
    }

    @Test
    void ambiguityLinksNothingAndSaysWhichPaymentsCompete() {
        ReversalLink.Outcome sameEndToEnd = find(
                returnOf("-300.00").endToEnd("E2E-7"),
                payment("p-1", "300.00", RETURNED.minusDays(3)).endToEnd("E2E-7"),
                payment("p-2", "300.00", RETURNED.minusDays(2)).endToEnd("E2E-7"));
        assertThat(sameEndToEnd.linked()).isFalse();
        assertThat(sameEndToEnd.reason()).contains("2 payments").contains("p-1").contains("p-2");

        ReversalLink.Outcome sameIban = find(
                returnOf("-300.00").iban(IBAN_A),
                payment("p-1", "300.00", RETURNED.minusDays(40)).iban(IBAN_A),
                payment("p-2", "300.00", RETURNED.minusDays(10)).iban(IBAN_A));
        assertThat(sameIban.linked())
                .as("the newest is not preferred: a person decides")
                .isFalse();
        assertThat(sameIban.reason()).contains("a person decides");
    }

    @Test
    void theAmountAloneLinksNothing() {
        ReversalLink.Outcome o = find(returnOf("-300.00"), payment("p-1", "300.00", RETURNED.minusDays(3)));
        assertThat(o.linked()).isFalse();
        assertThat(o.reason()).contains("not found").contains("1 of the same amount");
        assertThat(find(returnOf("-300.00").iban(IBAN_A)).reason())
                .as("nothing at all: it waits for its payment")
                .contains("linked when its payment arrives");
    }

    @Test
    void onlyTheOppositeAmountOnTheSameAccountInTheSameCurrencyCounts() {
        Tx reversal = returnOf("-300.00").iban(IBAN_A);
        assertThat(find(reversal, payment("p", "-300.00", RETURNED.minusDays(3)).iban(IBAN_A))
                        .linked())
                .as("same direction")
                .isFalse();
        assertThat(find(reversal, payment("p", "299.99", RETURNED.minusDays(3)).iban(IBAN_A))
                        .linked())
                .as("another amount")
                .isFalse();
        assertThat(find(
                                reversal,
                                payment("p", "300.00", RETURNED.minusDays(3))
                                        .iban(IBAN_A)
                                        .account("acc-2"))
                        .linked())
                .as("another account")
                .isFalse();
        assertThat(find(
                                reversal,
                                payment("p", "300.00", RETURNED.minusDays(3))
                                        .iban(IBAN_A)
                                        .currency("CHF"))
                        .linked())
                .as("another currency")
                .isFalse();
        assertThat(find(
                                reversal,
                                payment("p", "300.00", RETURNED.minusDays(3))
                                        .iban(IBAN_A)
                                        .reversal(null))
                        .linked())
                .as("a reversal does not undo a reversal")
                .isFalse();
        assertThat(find(
                                returnOf("300.00").iban(IBAN_A),
                                payment("p", "-300.00", RETURNED.minusDays(3)).iban(IBAN_A))
                        .linked())
                .as("a returned credit transfer of ours (money out, back in) links too")
                .isTrue();
    }

    @Test
    void thePaymentIsBookedOnOrBeforeTheReversalWithinThirteenMonths() {
        Tx reversal = returnOf("-300.00").iban(IBAN_A);
        assertThat(find(reversal, payment("p", "300.00", RETURNED).iban(IBAN_A)).linked())
                .as("the same day")
                .isTrue();
        assertThat(find(reversal, payment("p", "300.00", RETURNED.plusDays(1)).iban(IBAN_A))
                        .linked())
                .as("a payment booked after its reversal is not the one")
                .isFalse();
        assertThat(find(
                                reversal,
                                payment("p", "300.00", RETURNED.minusMonths(13)).iban(IBAN_A))
                        .linked())
                .isTrue();
        assertThat(find(
                                reversal,
                                payment("p", "300.00", RETURNED.minusMonths(13).minusDays(1))
                                        .iban(IBAN_A))
                        .linked())
                .isFalse();
    }

    @Test
    void aPaymentAlreadyReversedOrSupersededIsNotACandidate() {
        ReconTransaction reversal = returnOf("-300.00").iban(IBAN_A).build();
        ReconTransaction reversed =
                payment("p-1", "300.00", RETURNED.minusDays(3)).iban(IBAN_A).build();
        reversed.reverse("earlier-return", "reversed", AT);
        assertThat(reversed.state()).isEqualTo(State.REVERSED);
        ReconTransaction superseded =
                payment("p-2", "300.00", RETURNED.minusDays(3)).iban(IBAN_A).build();
        superseded.supersede("p-3");
        assertThat(ReversalLink.find(reversal, List.of(reversed, superseded)).linked())
                .isFalse();
    }

    @Test
    void moreCandidatesThanTheLimitIsAmbiguous() {
        Tx reversal = returnOf("-300.00").endToEnd("E2E-1");
        List<ReconTransaction> many = new ArrayList<>();
        many.add(payment("p-e2e", "300.00", RETURNED.minusDays(1))
                .endToEnd("E2E-1")
                .build());
        for (int i = 0; i < ReversalLink.CANDIDATE_LIMIT; i++) {
            many.add(payment("p-" + i, "300.00", RETURNED.minusDays(2)).build());
        }
        ReversalLink.Outcome o = ReversalLink.find(reversal.build(), many);
        assertThat(o.linked()).isFalse();
        assertThat(o.reason()).contains("more than " + ReversalLink.CANDIDATE_LIMIT);
    }

    @Test
    void aLinkedReversalIsExplainedAndItsPaymentReversed_neitherCanBeMatchedThen() {
        ReconTransaction reversal = returnOf("-300.00").iban(IBAN_A).build();
        ReconTransaction p =
                payment("p-1", "300.00", RETURNED.minusDays(3)).iban(IBAN_A).build();
        p.reverse("ret", "reversed by ret", AT);
        reversal.linkAsReversalOf("p-1", "reverses p-1", AT);
        assertThat(reversal.state()).isEqualTo(State.REVERSAL);
        assertThat(reversal.reversesTransactionId()).isEqualTo("p-1");
        assertThat(p.reversedByTransactionId()).isEqualTo("ret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reversal.keepCandidates(List.of()))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.reverse("ret-2", "again", AT))
                .isInstanceOf(IllegalStateException.class);
    }
}
