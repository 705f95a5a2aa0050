package app.lettrage.matching;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.identifiers.Mod97;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void rfCheckDigitsAreVerifiedMod97WithSpacesAnywhere() {
        String rf = References.makeRf("539007547034");
        assertThat(rf).isEqualTo("RF18539007547034");
        assertThat(References.isValidRf("RF18 5390 0754 7034")).isTrue();
        assertThat(References.isValidRf("rf18539007547034")).isTrue();
        assertThat(References.isValidRf("RF19539007547034")).isFalse(); // wrong check digits
        assertThat(References.isValidRf("RF18539007547035")).isFalse(); // typo in the body
        assertThat(References.isValidRf("RF71A")).isEqualTo(Mod97.remainder("A" + "RF71") == 1);
    }

    @Test
    void rfIsFoundInTextEvenWhenWordsFollowOnceSpacesAreRemoved() {
        assertThat(References.rfCandidates("FACT RF18 5390 0754 7034 ANNE DE VRIES"))
                .contains("RF18539007547034");
        assertThat(References.rfCandidates("Paiement RF19539007547034")).isEmpty();
    }

    @Test
    void belgianStructuredCommunication() {
        assertThat(References.isValidOgm("+++123/4567/89002+++")).isTrue();
        assertThat(References.isValidOgm("+++123/4567/89003+++")).isFalse();
        // first ten digits divisible by 97: the check is 97, not 00
        assertThat(References.isValidOgm("970/0000/00097")).isTrue();
        assertThat(References.isValidOgm("970/0000/00000")).isFalse();
        assertThat(References.ogmCandidates("betaling +++123/4567/89002+++ dank u"))
                .containsExactly("123456789002");
        assertThat(References.ogmCandidates("***123/4567/89002***")).containsExactly("123456789002");
        assertThat(References.ogmOf("+++123/4567/89002+++")).isEqualTo("123456789002");
    }

    @Test
    void invoiceNumbersAsPayersTypeThem() {
        var keys = References.numberKeys("FV-2026-00019");
        assertThat(References.textKeys("FV 2026 00019")).containsAnyElementsOf(keys);
        assertThat(References.textKeys("fv202600019")).containsAnyElementsOf(keys);
        assertThat(References.textKeys("Facture 2026-00019")).containsAnyElementsOf(keys); // no prefix
        assertThat(References.textKeys("FV-2026-19")).containsAnyElementsOf(keys); // no leading zeros
        assertThat(References.textKeys("Reglement FV-2026-00091")).doesNotContainAnyElementsOf(keys);
        assertThat(References.shortNumberKey("F2026/0700")).isEqualTo("700");
        assertThat(References.numericTokens("Reglement 700")).contains("700");
        // a short bare number is not a distinctive key by itself
        assertThat(References.numberKeys("123")).isEmpty();
    }
}
