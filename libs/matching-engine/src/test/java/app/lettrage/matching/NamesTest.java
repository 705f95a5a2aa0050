package app.lettrage.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void legalFormsAnywhereAccentsAndCaseAreIgnored() {
        assertThat(Names.key("SARL Dupont Électricité")).isEqualTo(Names.key("DUPONT ELECTRICITE"));
        assertThat(Names.key("Dupont Electricite S.A.R.L.")).isEqualTo(Names.key("dupont électricité"));
        assertThat(Names.key("Müller GmbH")).isEqualTo(Names.key("MULLER"));
        assertThat(Names.similarity("BV Van Dijk Media", "VAN DIJK MEDIA NV")).isEqualTo(1.0);
        assertThat(Names.similarity("Acme Ltd", "ACME")).isEqualTo(1.0);
    }

    @Test
    void wordOrderAndTruncation() {
        assertThat(Names.similarity("Jean Michel", "MICHEL JEAN")).isEqualTo(1.0);
        assertThat(Names.similarity("GmbH Simon Consulting", "GMBH SIMON CONSULTIN"))
                .isGreaterThan(0.9);
        assertThat(Names.similarity("Weber Transports SAS", "WEBER TRANSPORT")).isGreaterThan(0.9);
    }

    @Test
    void differentPartiesStayApart() {
        assertThat(Names.similarity("Weber Nettoyage", "Weber Sécurité")).isLessThan(0.84);
        assertThat(Names.similarity("Marie Blanc", "Marie Schneider")).isLessThan(0.84);
        assertThat(Names.similarity("Blanc Studio", "Blanc Pharmacie")).isLessThan(0.84);
    }

    @Test
    void jaroWinklerClassicValues() {
        assertThat(Names.jaroWinkler("MARTHA", "MARHTA")).isCloseTo(0.961, org.assertj.core.data.Offset.offset(0.001));
        assertThat(Names.jaroWinkler("DIXON", "DICKSONX")).isCloseTo(0.813, org.assertj.core.data.Offset.offset(0.001));
    }
}
