package dev.tally.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.bench.e2e.Statistics.TimedValue;
import dev.tally.bench.e2e.SustainedRule.Marker;
import dev.tally.bench.e2e.SustainedRule.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The sustained-step rule on windows of 90 s at 30 records/s: 5 s + 5% of 90 s = 9.5 s of input, 285 records of lag growth allowed. */
class SustainedRuleTest {
    private static final SustainedRule RULE = SustainedRule.defaults();

    /** Lag every 2 s; a checkpoint-like saw-tooth of 300 records (10 s of input) on top of {@code trend}. */
    private static List<TimedValue> lag(DoubleUnaryOperator trend) {
        List<TimedValue> lag = new ArrayList<>();
        for (int t = 0; t <= 90; t += 2) {
            lag.add(new TimedValue(t, trend.applyAsDouble(t) + (t % 10) * 30));
        }
        return lag;
    }

    private static List<Marker> markers(DoubleUnaryOperator freshness) {
        List<Marker> markers = new ArrayList<>();
        for (int t = 0; t < 90; t++) {
            double f = freshness.applyAsDouble(t);
            markers.add(new Marker(t, t + f <= 90 ? t + f : Double.NaN));
        }
        return markers;
    }

    private static Window window(double delivered, List<TimedValue> lag, List<Marker> markers) {
        return new Window(90, 50_000, delivered, 30, Map.of("tally-usage", lag, "tally-ingest-samples", lag(t -> 0)), markers);
    }

    @Test
    void aPipelineThatKeepsUpIsSustainedDespiteItsCheckpointSawTooth() {
        SustainedRule.Verdict verdict = RULE.judge(window(49_600, lag(t -> 1_000), markers(t -> 12)));
        assertThat(verdict.sustained()).as(verdict.reasons().toString()).isTrue();
    }

    @Test
    void lagGrowingByMoreThanTheToleranceIsNotSustained() {
        // 10 records/s of growth (a third of the input): the last quarter's peak is 700 records above the first's
        SustainedRule.Verdict verdict = RULE.judge(window(49_600, lag(t -> 10 * t), markers(t -> 12)));
        assertThat(verdict.sustained()).isFalse();
        assertThat(verdict.reasons().get(0)).isEqualTo("tally-usage lag 420 → 1120 records (growth allowed 285 = 9.5 s of input)");
        // 5 records/s (a job at 5/6 of the rate): 330 → 680, still too much
        assertThat(RULE.judge(window(49_600, lag(t -> 5 * t), markers(t -> 12))).sustained()).isFalse();
        // 2 records/s: 276 → 416, within the tolerance
        assertThat(RULE.judge(window(49_600, lag(t -> 2 * t), markers(t -> 12))).sustained()).isTrue();
    }

    @Test
    void aLoadTheGatewayDidNotTakeIsNotSustained() {
        SustainedRule.Verdict verdict = RULE.judge(window(46_000, lag(t -> 0), markers(t -> 12)));
        assertThat(verdict.sustained()).isFalse();
        assertThat(verdict.reasons().get(0)).startsWith("delivered 46000 of 50000 samples/s offered (92%, needs 95%)");
    }

    @Test
    void freshnessGrowingBeyondTheToleranceIsNotSustainedEvenWhenMarkersAreStillInFlight() {
        // freshness rising from 10 s by 0.5 s per second: the later markers are not visible by the window's end, but
        // the newest visible one ages: at τ it was sent at (τ - 10) / 1.5, so its age τ/3 + 6.7 s (whole seconds: 14 s) peaks at 14 s in
        // the first quarter and 37 s at the end
        SustainedRule.Verdict verdict = RULE.judge(window(49_600, lag(t -> 0), markers(t -> 10 + 0.5 * t)));
        assertThat(verdict.sustained()).isFalse();
        assertThat(verdict.reasons().get(0)).isEqualTo(
                "age of the newest visible marker peaks 14.0 s → 37.0 s (growth allowed 20 s)");
        assertThat(RULE.judge(window(49_600, lag(t -> 0), markers(t -> 10 + 0.1 * t))).sustained()).isTrue();
    }

    @Test
    void noVisibleMarkerIsNotSustained() {
        SustainedRule.Verdict verdict = RULE.judge(window(49_600, lag(t -> 0), markers(t -> 1_000)));
        assertThat(verdict.sustained()).isFalse();
        assertThat(verdict.reasons()).contains("no freshness marker became visible in ClickHouse within the window");
    }
}
