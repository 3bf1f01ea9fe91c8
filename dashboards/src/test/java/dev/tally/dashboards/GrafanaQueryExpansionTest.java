package dev.tally.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.dashboards.GrafanaQueryExpansion.All;
import dev.tally.dashboards.GrafanaQueryExpansion.Multi;
import dev.tally.dashboards.GrafanaQueryExpansion.Single;
import dev.tally.dashboards.GrafanaQueryExpansion.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expansion the panel tests rely on, case by case as the plugin's sources and tests describe it. */
class GrafanaQueryExpansionTest {

    // 2026-11-01T00:00:00Z to 2026-11-26T12:00:00Z: 2,203,200 s, so a 2,203 s interval
    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-26T12:00:00Z"));

    @Test
    void conditionalAllKeepsTheConditionForASelectionAndDropsItForAllOrEmpty() {
        String sql = "SELECT 1 FROM t WHERE $__conditionalAll(cluster IN (${cluster}), $cluster) AND x = 1";
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of("cluster", new Multi(List.of("a", "b")))))
                .isEqualTo("SELECT 1 FROM t WHERE cluster IN ('a','b') AND x = 1");
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of("cluster", new Multi(List.of("a")))))
                .isEqualTo("SELECT 1 FROM t WHERE cluster IN ('a') AND x = 1");
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of("cluster", new All(List.of("a", "b", "c")))))
                .isEqualTo("SELECT 1 FROM t WHERE 1=1 AND x = 1");
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of("cluster", new Single(""))))
                .isEqualTo("SELECT 1 FROM t WHERE 1=1 AND x = 1");
    }

    @Test
    void conditionalAllTakesConditionsWithCommasAndParenthesesAndExpandsEveryOccurrence() {
        String sql = "WHERE $__conditionalAll((a, b) IN (SELECT a, b FROM o WHERE team IN (${team})), $team)"
                + " AND $__conditionalAll(c IN ($c), ${c})";
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of("team", new Multi(List.of("x")), "c", new All(List.of("1")))))
                .isEqualTo("WHERE (a, b) IN (SELECT a, b FROM o WHERE team IN ('x')) AND 1=1");
    }

    @Test
    void aSingleValueIsWrittenAsItIsAndAMultiValueOrAllAsQuotedList() {
        String sql = "team = '${team}' AND ns IN ($namespace) AND c IN ([[cluster]])";
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of("team", new Single("checkout"),
                "namespace", new All(List.of("shop", "search")), "cluster", new Multi(List.of("aks")))))
                .isEqualTo("team = 'checkout' AND ns IN ('shop','search') AND c IN ('aks')");
    }

    @Test
    void formatsNamedInTheVariableAreHonoured() {
        assertThat(GrafanaQueryExpansion.sql("x IN (${v:singlequote}) AND y = '${v:raw}'", RANGE,
                Map.of("v", new Multi(List.of("it's", "b")))))
                .isEqualTo("x IN ('it\\'s','b') AND y = 'it's,b'");
        assertThatThrownBy(() -> GrafanaQueryExpansion.sql("${v:regex}", RANGE, Map.of("v", new Single("a"))))
                .hasMessageContaining("format regex");
    }

    @Test
    void timeMacrosUseTheRangeInSecondsDaysAndMilliseconds() {
        String sql = "$__timeFilter(hour) AND $__dateFilter(day) AND $__fromTime < $__toTime AND $__interval_s > 0"
                + " AND $__timeFilter_ms(at) AND $__timeInterval(hour)";
        assertThat(GrafanaQueryExpansion.sql(sql, RANGE, Map.of())).isEqualTo(
                "hour >= toDateTime(1793491200) AND hour <= toDateTime(1795694400)"
                        + " AND day >= toDate('2026-11-01') AND day <= toDate('2026-11-26')"
                        + " AND toDateTime(1793491200) < toDateTime(1795694400) AND 2203 > 0"
                        + " AND at >= fromUnixTimestamp64Milli(1793491200000) AND at <= fromUnixTimestamp64Milli(1795694400000)"
                        + " AND toStartOfInterval(toDateTime(hour), INTERVAL 2203 second)");
    }

    @Test
    void anUnknownMacroOrAMissingArgumentFailsInsteadOfReachingClickHouse() {
        assertThatThrownBy(() -> GrafanaQueryExpansion.sql("WHERE $__timeFilterr(hour)", RANGE, Map.of()))
                .hasMessageContaining("unknown macro $__timeFilterr");
        assertThatThrownBy(() -> GrafanaQueryExpansion.sql("WHERE $__timeFilter()", RANGE, Map.of()))
                .hasMessageContaining("takes one column");
        assertThatThrownBy(() -> GrafanaQueryExpansion.sql("WHERE $__conditionalAll(a = 1, $nope)", RANGE, Map.of()))
                .hasMessageContaining("unknown variable nope");
    }

    @Test
    void promqlGetsTheRateIntervalAndVariables() {
        assertThat(GrafanaQueryExpansion.promql("rate(x{job=~\"$job\"}[$__rate_interval])", RANGE,
                Map.of("job", new Multi(List.of("a", "b")))))
                .isEqualTo("rate(x{job=~\"a|b\"}[2218s])");
    }
}
