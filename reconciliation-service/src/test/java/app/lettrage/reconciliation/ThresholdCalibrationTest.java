package app.lettrage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.reconciliation.ThresholdCalibration.Calibrated;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {

    private static final BigDecimal CONFIGURED = new BigDecimal("0.90");
    private static final BigDecimal SUGGEST = new BigDecimal("0.30");
    private static final BigDecimal MARGIN = new BigDecimal("0.03");

    private static Calibrated calibrate(List<CalibrationBand> bands) {
        return ThresholdCalibration.calibrate(CONFIGURED, SUGGEST, MARGIN, bands);
    }

    private static List<CalibrationBand> confirmed(int fromBand, int toBand, long each) {
        List<CalibrationBand> bands = new ArrayList<>();
        for (int k = fromBand; k <= toBand; k++) {
            bands.add(new CalibrationBand(k, each, 0, 0, 0));
        }
        return bands;
    }

    @Test
    void withoutOutcomesTheConfiguredThresholdStays() {
        assertThat(calibrate(List.of()).threshold()).isEqualByComparingTo("0.90");
        assertThat(calibrate(List.of()).moved()).isFalse();
    }

    @Test
    void bandsWhoseSuggestionsAreAlwaysConfirmedLowerTheThresholdToTheLowestOfThem() {
        // 4 bands of 400 clean confirmations: 1,600 outcomes, 95% lower bound above 0.998
        Calibrated c = calibrate(confirmed(86, 89, 400));
        assertThat(c.threshold()).isEqualByComparingTo("0.86");
        assertThat(c.confirmed()).isEqualTo(1600);
        assertThat(c.reason()).startsWith("lowered");
    }

    @Test
    void tooFewOutcomesDoNotLowerIt() {
        // 1,200 clean confirmations: the 95% lower bound is 0.9977, short of the target
        assertThat(calibrate(confirmed(86, 89, 300)).threshold()).isEqualByComparingTo("0.90");
    }

    @Test
    void aThinBandIsNotCarriedByItsNeighbours() {
        List<CalibrationBand> bands = new ArrayList<>(confirmed(87, 89, 1000));
        bands.add(new CalibrationBand(86, 99, 0, 0, 0));
        assertThat(calibrate(bands).threshold()).isEqualByComparingTo("0.87");
    }

    @Test
    void aBandWithRejectionsStopsTheLowering() {
        List<CalibrationBand> bands = new ArrayList<>(confirmed(87, 89, 1000));
        bands.add(new CalibrationBand(86, 995, 5, 0, 0));
        bands.add(new CalibrationBand(85, 5000, 0, 0, 0));
        assertThat(calibrate(bands).threshold()).isEqualByComparingTo("0.87");
    }

    @Test
    void theFloorHoldsWhateverTheEvidence() {
        Calibrated c = calibrate(confirmed(30, 89, 10_000));
        assertThat(c.floor()).isEqualByComparingTo("0.80");
        assertThat(c.threshold()).isEqualByComparingTo("0.80");
        assertThat(ThresholdCalibration.floor(new BigDecimal("0.85"), new BigDecimal("0.031")))
                .isEqualByComparingTo("0.89");
    }

    @Test
    void undoneAutomaticMatchesRaiseItAboveTheirBand() {
        Calibrated c = calibrate(List.of(new CalibrationBand(94, 0, 0, 1, 1), new CalibrationBand(97, 0, 0, 5, 0)));
        assertThat(c.threshold()).isEqualByComparingTo("0.95");
        assertThat(c.reason()).startsWith("raised");
        assertThat(c.autoUndone()).isEqualTo(1);
    }

    @Test
    void oneUndoneAmongManyRightAutomaticMatchesDoesNotRaiseIt() {
        Calibrated c = calibrate(List.of(new CalibrationBand(94, 0, 0, 201, 1)));
        assertThat(c.threshold()).isEqualByComparingTo("0.90");
        Calibrated few = calibrate(List.of(new CalibrationBand(94, 0, 0, 100, 1)));
        assertThat(few.threshold()).isEqualByComparingTo("0.95");
    }

    @Test
    void aRaisedThresholdNeverGoesAboveOne() {
        Calibrated c = calibrate(List.of(new CalibrationBand(100, 0, 0, 2, 2)));
        assertThat(c.threshold()).isEqualByComparingTo("1");
    }

    @Test
    void evidenceAboveTheThresholdWinsOverEvidenceBelowIt() {
        List<CalibrationBand> bands = new ArrayList<>(confirmed(80, 89, 10_000));
        bands.add(new CalibrationBand(92, 0, 0, 3, 2));
        assertThat(calibrate(bands).threshold()).isEqualByComparingTo("0.93");
    }
}
