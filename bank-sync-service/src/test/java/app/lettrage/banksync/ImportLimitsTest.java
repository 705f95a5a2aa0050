package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.banksync.service.StatementUploads;
import org.junit.jupiter.api.Test;

/** The HTTP body limit and the statement limit must agree, or uploads get Vert.x's bare 413. */
class ImportLimitsTest {

    @Test
    void theHttpLimitMustLeaveRoomForAMultipartEnvelope() {
        assertThatCode(() -> StatementUploads.checkLimits(200L << 20, 201L << 20))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> StatementUploads.checkLimits(200L << 20, 200L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.http.limits.max-body-size");
        assertThatThrownBy(() -> StatementUploads.checkLimits(64L << 20, 50L << 20))
                .isInstanceOf(IllegalStateException.class);
    }
}
