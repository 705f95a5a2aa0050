package app.lettrage.matching.gen;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.matching.MatchingSettings;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine on generated data it was not tuned on: issue 13's targets (auto precision >= 0.998, transactions that
 * pay no invoice auto-settled <= 0.1%, auto recall >= 0.93, assisted recall >= 0.98) on the adversarial profile and
 * on a realistic tenant, and no wrong automatic match in any trap class.
 *
 * <p>Seeds looked at while developing the rules and the generator: adversarial 1, 2 and 3, realistic 1 (20,000
 * invoices). The seeds below were not looked at before they were committed here.
 */
class GeneratedSetsTest {
    /** The trap classes of issue 13 and its scale findings, and the transactions near an invoice that pay none. */
    private static final Set<Kind> TRAPS = EnumSet.of(
            Kind.TYPO,
            Kind.STALE_REFERENCE,
            Kind.UNKNOWN_NUMBER,
            Kind.OTHER_CUSTOMERS_NUMBER,
            Kind.NET_OF_CREDIT_NOTE,
            Kind.NAME_ONLY_TOLERANCE,
            Kind.EQUAL_AMOUNT_GROUP,
            Kind.NAME_ONLY_GROUP,
            Kind.OTHER_PAYMENTS_REFERENCE,
            Kind.FAMILY_NAME_ONLY,
            Kind.STRANGER_EXACT_AMOUNT,
            Kind.KNOWN_PAYER_OTHER,
            Kind.FOREIGN_TENANT_NUMBER,
            Kind.ADVANCE_PAYMENT);

    @ParameterizedTest(name = "adversarial seed {0}")
    @ValueSource(longs = {1013, 2027, 3041})
    void adversarialSetsMeetTheTargets(long seed) {
        check(Generator.generate(Profile.adversarial(), seed), "adversarial seed " + seed);
    }

    @Test
    void aRealisticTenantMeetsTheTargets() {
        check(Generator.generate(Profile.realistic(10_000), 4099), "realistic seed 4099 (10,000 invoices)");
    }

    private static void check(Generator.DataSet set, String name) {
        KindReport rep = KindReport.run(set, MatchingSettings.defaults());
        System.out.println(name + ": " + rep.scores + System.lineSeparator() + rep.table());
        assertThat(rep.byKind.keySet()).as("every trap class is generated").containsAll(TRAPS);
        assertThat(rep.wrong).as("wrong automatic matches").isEmpty();
        assertThat(rep.scores.autoPrecision()).as("auto precision").isGreaterThanOrEqualTo(0.998);
        assertThat(rep.scores.noiseFalseAuto())
                .as("no-invoice transactions auto-settled")
                .isLessThanOrEqualTo(0.001);
        assertThat(rep.scores.autoRecall()).as("auto recall").isGreaterThanOrEqualTo(0.93);
        assertThat(rep.scores.assistedRecall()).as("assisted recall").isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void theGeneratorIsDeterministic() {
        Generator.DataSet a = Generator.generate(Profile.adversarial(), 77);
        Generator.DataSet b = Generator.generate(Profile.adversarial(), 77);
        assertThat(a).isEqualTo(b);
        assertThat(Generator.generate(Profile.adversarial(), 78).transactions()).isNotEqualTo(a.transactions());
    }
}
