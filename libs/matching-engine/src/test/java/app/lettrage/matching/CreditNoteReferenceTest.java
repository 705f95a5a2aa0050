package app.lettrage.matching;

import static app.lettrage.matching.Fixtures.DUE;
import static app.lettrage.matching.Fixtures.ISSUE;
import static app.lettrage.matching.Fixtures.T;
import static app.lettrage.matching.Fixtures.book;
import static app.lettrage.matching.Fixtures.sales;
import static app.lettrage.matching.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule: a payer who pays an invoice less its credit note quotes both. The number of one of an invoice's own credit
 * notes is evidence for that invoice, never a reference that contradicts it; the number of another invoice's credit
 * note still is (the payer deducts a credit that is not this invoice's), and vetoes the automatic match.
 */
class CreditNoteReferenceTest {

    private static final String LEFEVRE_IBAN = "FR7630004000031234567890143";
    private static final String MOREAU_IBAN = "FR7612739000705641273985624";

    private final MatchingEngine engine = new MatchingEngine();

    /** An invoice of {@code total} whose credit notes took it down to {@code due}. */
    private static Invoice credited(
            String id, String number, String total, String due, String party, String iban, String... creditNotes) {
        return new Invoice(
                id,
                T,
                Direction.SALES,
                number,
                null,
                party,
                iban,
                "EUR",
                new BigDecimal(total),
                new BigDecimal(due),
                ISSUE,
                DUE,
                List.of(creditNotes));
    }

    /** Lefèvre's invoice credited 200.00 by AV-2026-0007; Moreau's credited 50.00 by AV-2026-0009. */
    private static OpenItemBook frenchBook() {
        return book(
                credited(
                        "lefevre",
                        "FA-2026-0042",
                        "1000.00",
                        "800.00",
                        "Lefèvre Menuiserie SARL",
                        LEFEVRE_IBAN,
                        "AV-2026-0007"),
                credited(
                        "moreau", "FA-2026-0043", "500.00", "450.00", "Moreau Frères SAS", MOREAU_IBAN, "AV-2026-0009"),
                sales("other", "FA-2026-0044", "800.00", "Garnier Transports SA", null));
    }

    private Decision decide(OpenItemBook b, String amount, String payer, String iban, String text) {
        return engine.decide(tx(amount, payer, iban, text), b, MatchingSettings.defaults());
    }

    private static void assertAuto(Decision d, String invoiceId, String amount) {
        assertThat(d.status()).as(String.join(" | ", d.reasons())).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).hasSize(1);
        assertThat(d.allocations().get(0).invoiceId()).isEqualTo(invoiceId);
        assertThat(d.allocations().get(0).amount()).isEqualByComparingTo(amount);
        assertThat(d.allocations().get(0).writeOff()).isEqualByComparingTo("0");
    }

    @Test
    void frenchInvoiceMinusItsOwnCreditNoteAutoMatchesExactlyAndSaysSo() {
        Decision d = decide(
                frenchBook(), "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "FA-2026-0042 moins avoir AV-2026-0007");
        assertAuto(d, "lefevre", "800.00");
        assertThat(d.reasons()).anyMatch(r -> r.contains("credit note AV-2026-0007") && r.contains("FA-2026-0042"));
    }

    @Test
    void itsOwnCreditNoteAloneNamesTheInvoiceInsteadOfContradictingIt() {
        Decision d =
                decide(frenchBook(), "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "Solde après avoir AV-2026-0007");
        assertAuto(d, "lefevre", "800.00");
        assertThat(d.reasons()).noneMatch(r -> r.contains("contrary evidence"));
    }

    @Test
    void aPayerKnownByNameOnlyQuotingTheInvoiceAndItsCreditNoteAutoMatches() {
        Decision d = decide(
                frenchBook(), "800.00", "Lefevre Menuiserie SARL", null, "Fact. FA 2026 0042 - Avoir AV 2026 0007");
        assertAuto(d, "lefevre", "800.00");
    }

    @Test
    void dutchGermanAndEnglishPhrasingsOfInvoiceLessCreditNoteAutoMatch() {
        String vanDijk = "NL91ABNA0417164300";
        String hartmann = "DE89370400440532013000";
        String okafor = "GB29NWBK60161331926819";
        OpenItemBook b = book(
                credited("vandijk", "F-2026-0042", "650.00", "600.00", "Van Dijk Bouw B.V.", vanDijk, "CN-2026-0007"),
                credited(
                        "hartmann",
                        "RE-2026-0315",
                        "2380.00",
                        "2142.00",
                        "Hartmann Elektro GmbH",
                        hartmann,
                        "GS-2026-0021"),
                credited("okafor", "INV-2026-118", "1200.00", "1080.00", "Okafor Textiles Ltd", okafor, "CN-2026-009"),
                sales("noise", "RE-2026-0316", "2142.00", "Lindqvist Design AB", null));

        assertAuto(decide(b, "600.00", "VAN DIJK BOUW", vanDijk, "factuur 42 min creditnota 7"), "vandijk", "600.00");
        assertAuto(
                decide(
                        b,
                        "2142.00",
                        "Hartmann Elektro GmbH",
                        hartmann,
                        "Rechnung RE-2026-0315 abzgl. Gutschrift GS-2026-0021"),
                "hartmann",
                "2142.00");
        assertAuto(
                decide(
                        b,
                        "1080.00",
                        "OKAFOR TEXTILES LTD",
                        okafor,
                        "Invoice INV-2026-118 less credit note CN-2026-009"),
                "okafor",
                "1080.00");
    }

    @Test
    void theCreditNoteOfAnotherInvoiceAloneVetoes() {
        Decision d = decide(frenchBook(), "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "avoir AV-2026-0009 déduit");
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.reasons()).anyMatch(r -> r.contains("AV-2026-0009") && r.contains("FA-2026-0043"));
    }

    @Test
    void theNamedInvoiceLessTheCreditNoteOfAnotherInvoiceIsNotAutomatic() {
        OpenItemBook b = frenchBook();
        // the amount happens to be the named invoice's due: the payer still deducts a credit that is not its own
        Decision fits =
                decide(b, "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "FA-2026-0042 moins avoir AV-2026-0009");
        assertThat(fits.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(fits.reasons()).anyMatch(r -> r.contains("credit note AV-2026-0009 of invoice FA-2026-0043"));
        // and as the payer computed it: the named invoice less the other invoice's credit note
        Decision less =
                decide(b, "750.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "FA-2026-0042 moins avoir AV-2026-0009");
        assertThat(less.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
    }

    @Test
    void aCreditNotesDigitsDoNotNameTheInvoiceOfTheSameRunningNumber() {
        OpenItemBook b = frenchBook();
        b.upsert(sales("seven", "FA-2026-0007", "800.00", "Lefèvre Menuiserie SARL", LEFEVRE_IBAN));
        Decision d =
                decide(b, "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "Avoir AV-2026-0007 déduit de FA-2026-0042");
        assertAuto(d, "lefevre", "800.00");
    }

    @Test
    void anInvoiceOfTheSameRunningNumberAsACreditNoteIsNamedByItsOwnNumberOnly() {
        OpenItemBook b = frenchBook();
        b.upsert(sales("seven", "FA-2026-0007", "800.00", "Lefèvre Menuiserie SARL", LEFEVRE_IBAN));
        Decision d = decide(b, "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "Facture FA-2026-0007");
        assertAuto(d, "seven", "800.00");
    }

    @Test
    void aCreditNoteForgottenWithItsInvoiceNamesNothing() {
        OpenItemBook b = frenchBook();
        b.remove("lefevre");
        Decision d = decide(b, "800.00", "LEFEVRE MENUISERIE", LEFEVRE_IBAN, "avoir AV-2026-0007");
        assertThat(d.status()).isNotEqualTo(MatchStatus.AUTO_MATCHED);
    }
}
