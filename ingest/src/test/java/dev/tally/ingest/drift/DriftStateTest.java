package dev.tally.ingest.drift;

import static dev.tally.ingest.drift.Recommendations.CHECKOUT;
import static dev.tally.ingest.drift.Recommendations.SEARCH;
import static dev.tally.ingest.drift.Recommendations.deployment;
import static dev.tally.ingest.drift.Recommendations.over;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftStateTest {

    private final DriftState state = new DriftState();

    @Test
    void theLatestRecordOfAContainerWinsAndATombstoneRemovesIt() {
        assertThat(state.apply(RightsizingJson.key(CHECKOUT), RightsizingJson.write(over(CHECKOUT, "10.00"))))
                .isEqualTo(new DriftState.Updated(CHECKOUT));
        state.apply(RightsizingJson.key(SEARCH), RightsizingJson.write(over(SEARCH, "3.00")));
        state.apply(RightsizingJson.key(CHECKOUT), RightsizingJson.write(over(CHECKOUT, "42.50")));

        assertThat(state.recommendations()).extracting(RightsizingRecommendation::monthlySavings)
                .map(Object::toString).containsExactlyInAnyOrder("42.50", "3.00");

        assertThat(state.apply(RightsizingJson.key(CHECKOUT), null)).isEqualTo(new DriftState.Removed(CHECKOUT, true));
        assertThat(state.recommendations()).extracting(RightsizingRecommendation::container).containsExactly(SEARCH);
        assertThat(state.apply(RightsizingJson.key(CHECKOUT), null)).isEqualTo(new DriftState.Removed(CHECKOUT, false));
    }

    @Test
    void badRecordsAreNamedAndChangeNothing() {
        state.apply(RightsizingJson.key(CHECKOUT), RightsizingJson.write(over(CHECKOUT, "10.00")));
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThat(state.apply(null, RightsizingJson.write(over(SEARCH, "1")))).isInstanceOfSatisfying(DriftState.Invalid.class,
                i -> assertThat(i.reason()).isEqualTo("the record has no key (the container's identity)"));
        assertThat(state.apply(garbage, null)).isInstanceOfSatisfying(DriftState.Invalid.class,
                i -> assertThat(i.reason()).startsWith("not a rightsizing key"));
        assertThat(state.apply("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(new DriftState.Invalid("a rightsizing key has 5 parts, this one has 2"));
        assertThat(state.apply(RightsizingJson.key(CHECKOUT), garbage)).isInstanceOfSatisfying(DriftState.Invalid.class,
                i -> assertThat(i.reason()).startsWith("not a rightsizing recommendation"));
        assertThat(state.apply(RightsizingJson.key(CHECKOUT), RightsizingJson.write(over(SEARCH, "1"))))
                .isInstanceOfSatisfying(DriftState.Invalid.class, i -> assertThat(i.reason())
                        .isEqualTo("the key names " + CHECKOUT + " but the value " + SEARCH));

        assertThat(state.recommendations()).singleElement()
                .satisfies(r -> assertThat(r.monthlySavings()).isEqualByComparingTo("10.00"));
    }

    @Test
    void theStalenessGaugeIsTheNewestRecommendationPerCluster() {
        Instant old = Instant.parse("2026-11-24T00:00:00Z");
        Instant newer = Instant.parse("2026-11-25T05:30:00Z");
        List<RightsizingRecommendation> all = List.of(
                at(over(CHECKOUT, "1"), old), at(over(SEARCH, "1"), newer),
                at(over(deployment("aks-neu-2", "data", "etl"), "1"), old));

        assertThat(DriftState.newestPerCluster(all)).isEqualTo(Map.of("aks-weu-1", newer, "aks-neu-2", old));
    }

    static RightsizingRecommendation at(RightsizingRecommendation r, Instant computedAt) {
        return Recommendations.of(r.container(), r.status(), r.riskReasons(), r.current(), r.recommended(),
                r.cpuThrottledRatio(), r.monthlySavings().toPlainString(), computedAt);
    }
}
