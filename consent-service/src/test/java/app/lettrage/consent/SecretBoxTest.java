package app.lettrage.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.provider.SecretBoxes;
import app.lettrage.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";
    private static final String OTHER_KEY = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMTI=";

    @Test
    void sealsWithAFreshIvAndOpensOnlyWithTheSameKeyAndConsent() {
        SecretBox box = SecretBoxes.of(KEY);
        String a = box.seal("consent-ref-123", "consent-1");
        String b = box.seal("consent-ref-123", "consent-1");
        assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("consent-ref-123");
        assertThat(box.open(a, "consent-1")).isEqualTo("consent-ref-123");
        assertThatThrownBy(() -> box.open(a, "consent-2")).hasMessageNotContaining("consent-ref-123");
        assertThatThrownBy(() -> SecretBoxes.of(OTHER_KEY).open(a, "consent-1"))
                .isInstanceOf(IllegalStateException.class);
        String tampered = a.substring(0, a.length() - 4) + (a.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> box.open(tampered, "consent-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedAtStartup() {
        assertThatThrownBy(() -> SecretBoxes.of("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }

    @Test
    void withoutAKeyTheServiceRunsButConnectingABankIsA503() {
        SecretBox none = SecretBoxes.of("");
        assertThatThrownBy(() -> none.seal("x", "c"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getMessage()).contains("CONSENT_ENCRYPTION_KEY"));
    }
}
