package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.banksync.service.DedupKeys;
import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.StructuredReferences;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.TransactionImported.BookingStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deduplication keys and reference recognition, without the service around them. */
class DedupKeysTest {

    private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    static IncomingTransaction tx(
            String ref, BookingStatus status, String amount, String date, String name, String remittance) {
        return new IncomingTransaction(
                ref,
                status,
                new BigDecimal(amount),
                "EUR",
                LocalDate.parse(date),
                null,
                name,
                "DE89370400440532013000",
                null,
                remittance,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
    }

    @Test
    void identicalTransactionsOfOneImportGetSuccessiveOccurrences() {
        IncomingTransaction a = tx(null, BookingStatus.BOOKED, "-4.20", "2026-11-05", "Cafe", "CB");
        List<DedupKeys.Keyed> keys = DedupKeys.assign(
                ACCOUNT, List.of(a, a, tx(null, BookingStatus.BOOKED, "-4.20", "2026-11-06", "Cafe", "CB"), a));
        assertThat(keys).extracting(DedupKeys.Keyed::occurrence).containsExactly(1, 2, 1, 3);
        assertThat(keys)
                .extracting(DedupKeys.Keyed::dedupKey)
                .doesNotHaveDuplicates()
                .allMatch(k -> k.matches("fp:[0-9a-f]{64}:[0-9]+"));
        assertThat(keys.get(0).fingerprint())
                .isEqualTo(keys.get(1).fingerprint())
                .isNotEqualTo(keys.get(2).fingerprint());
        // the same import again: the same keys
        assertThat(DedupKeys.assign(ACCOUNT, List.of(a, a, a)).stream()
                        .map(DedupKeys.Keyed::dedupKey)
                        .toList())
                .containsExactly(
                        keys.get(0).dedupKey(),
                        keys.get(1).dedupKey(),
                        keys.get(3).dedupKey());
    }

    @Test
    void theFingerprintIgnoresCaseAndSpacingButNotContent() {
        String base = DedupKeys.fingerprint(
                ACCOUNT, tx(null, BookingStatus.BOOKED, "10.00", "2026-11-05", "Dupont SARL", "Facture 42"));
        assertThat(DedupKeys.fingerprint(
                        ACCOUNT,
                        tx(null, BookingStatus.BOOKED, "10.00", "2026-11-05", " DUPONT  sarl", "facture\t42 ")))
                .isEqualTo(base);
        assertThat(DedupKeys.fingerprint(
                        ACCOUNT, tx(null, BookingStatus.BOOKED, "10.00", "2026-11-05", "Dupont SARL", "Facture 43")))
                .isNotEqualTo(base);
        assertThat(DedupKeys.fingerprint(
                        ACCOUNT, tx(null, BookingStatus.BOOKED, "-10.00", "2026-11-05", "Dupont SARL", "Facture 42")))
                .isNotEqualTo(base);
        assertThat(DedupKeys.fingerprint(
                        ACCOUNT, tx(null, BookingStatus.PENDING, "10.00", "2026-11-05", "Dupont SARL", "Facture 42")))
                .isNotEqualTo(base);
        assertThat(DedupKeys.fingerprint(
                        UUID.randomUUID(),
                        tx(null, BookingStatus.BOOKED, "10.00", "2026-11-05", "Dupont SARL", "Facture 42")))
                .isNotEqualTo(base);
        // moving text between name and remittance is not the same transaction
        assertThat(DedupKeys.fingerprint(
                        ACCOUNT, tx(null, BookingStatus.BOOKED, "10.00", "2026-11-05", "Dupont SARL Facture", "42")))
                .isNotEqualTo(DedupKeys.fingerprint(
                        ACCOUNT, tx(null, BookingStatus.BOOKED, "10.00", "2026-11-05", "Dupont SARL", "Facture 42")));
    }

    @Test
    void theBankReferenceIsTheKeyWhenPresent() {
        List<DedupKeys.Keyed> keys = DedupKeys.assign(
                ACCOUNT,
                List.of(
                        tx("BR-1", BookingStatus.BOOKED, "1.00", "2026-11-05", "A", null),
                        tx("BR-1", BookingStatus.BOOKED, "2.00", "2026-11-06", "B", null),
                        tx("BR-1", BookingStatus.PENDING, "1.00", "2026-11-05", "A", null)));
        assertThat(keys)
                .extracting(DedupKeys.Keyed::dedupKey)
                .containsExactly("ref:BR-1", "ref:BR-1", "pending:ref:BR-1");
    }

    @Test
    void fileKeysStreamTheSameKeysAsTheWholeFileAndNumberARepeatedReference() {
        IncomingTransaction twin = tx(null, BookingStatus.BOOKED, "-4.20", "2026-11-05", "Cafe", "CB");
        List<IncomingTransaction> file = List.of(
                tx("BATCH-7", BookingStatus.BOOKED, "10.00", "2026-11-05", "A", "detail 1"),
                twin,
                tx("BATCH-7", BookingStatus.BOOKED, "20.00", "2026-11-05", "B", "detail 2"),
                twin,
                tx("BATCH-7", BookingStatus.PENDING, "10.00", "2026-11-05", "A", "detail 1"));
        DedupKeys.FileKeys streaming = new DedupKeys.FileKeys(ACCOUNT);
        List<String> streamed =
                file.stream().map(t -> streaming.next(t).dedupKey()).toList();
        assertThat(streamed)
                .containsExactlyElementsOf(DedupKeys.assignForFile(ACCOUNT, file).stream()
                        .map(DedupKeys.Keyed::dedupKey)
                        .toList());
        assertThat(streamed.get(0)).isEqualTo("ref:BATCH-7");
        assertThat(streamed.get(2)).isEqualTo("ref:BATCH-7#2");
        assertThat(streamed.get(4)).isEqualTo("pending:ref:BATCH-7");
        assertThat(streamed.get(1)).endsWith(":1");
        assertThat(streamed.get(3))
                .endsWith(":2")
                .startsWith(streamed.get(1).substring(0, streamed.get(1).length() - 1));
        // the same file streamed again (a re-import): the same keys
        DedupKeys.FileKeys again = new DedupKeys.FileKeys(ACCOUNT);
        assertThat(file.stream().map(t -> again.next(t).dedupKey()).toList()).isEqualTo(streamed);
    }

    @Test
    void structuredReferencesAreRecognisedAndNormalised() {
        assertThat(StructuredReferences.classify("rf18 5390 0754 7034"))
                .isEqualTo(new StructuredReferences.Classified("RF18539007547034", ReferenceType.ISO11649));
        assertThat(StructuredReferences.classify("+++090/9337/55493+++"))
                .isEqualTo(new StructuredReferences.Classified("+++090/9337/55493+++", ReferenceType.BE_STRUCTURED));
        assertThat(StructuredReferences.classify("090933755493"))
                .isEqualTo(new StructuredReferences.Classified("+++090/9337/55493+++", ReferenceType.BE_STRUCTURED));
        assertThat(StructuredReferences.classify("21 00000 00003 13947 14300 09017"))
                .isEqualTo(new StructuredReferences.Classified("210000000003139471430009017", ReferenceType.CH_QRR));
        // a wrong check digit is not recognised: kept as given
        assertThat(StructuredReferences.classify("RF19539007547034"))
                .isEqualTo(new StructuredReferences.Classified("RF19539007547034", ReferenceType.OTHER));
        assertThat(StructuredReferences.classify("210000000003139471430009018").type())
                .isEqualTo(ReferenceType.OTHER);
        assertThat(StructuredReferences.classify("  ")).isNull();
    }
}
