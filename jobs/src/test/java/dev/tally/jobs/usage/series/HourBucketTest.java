package dev.tally.jobs.usage.series;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HourBucketTest {
    private final Labels cpu = Labels.of(Labels.NAME, "container_cpu_usage_seconds_total", "container", "api");

    @Test
    void samplesAreKeptInTimeOrderOncePerTimestampAndAnEarlierLateSampleIsReportedAsTheEarliest() {
        HourBucket b = new HourBucket(0);
        assertThat(b.add(cpu, 30_000, 2)).isEqualTo(HourBucket.Added.EARLIEST_OF_SERIES);
        assertThat(b.add(cpu, 60_000, 3)).isEqualTo(HourBucket.Added.ADDED);
        assertThat(b.add(cpu, 60_000, 3)).isEqualTo(HourBucket.Added.DUPLICATE);
        assertThat(b.add(cpu, 45_000, 2.5)).isEqualTo(HourBucket.Added.ADDED);
        assertThat(b.add(cpu, 0, 1)).as("late, and now the first: the previous hour's last interval changes")
                .isEqualTo(HourBucket.Added.EARLIEST_OF_SERIES);
        SeriesSamples s = b.get(cpu);
        assertThat(s.size()).isEqualTo(4);
        assertThat(new long[]{s.timestamp(0), s.timestamp(1), s.timestamp(2), s.timestamp(3)})
                .containsExactly(0, 30_000, 45_000, 60_000);
        assertThat(b.samples()).isEqualTo(4);
    }

    @Test
    void labelsAreSortedAndReplicaLabelsCanBeDropped() {
        Labels a = Labels.of("b", "2", Labels.NAME, "m", "a", "1", "prometheus_replica", "r0");
        Labels b = Labels.of(Labels.NAME, "m", "prometheus_replica", "r1", "a", "1", "b", "2");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.without(java.util.Set.of("prometheus_replica"))).isEqualTo(b.without(java.util.Set.of("prometheus_replica")));
        assertThat(a.get("a")).isEqualTo("1");
        assertThat(a.get("missing")).isEmpty();
        assertThat(a.withName("n").metricName()).isEqualTo("n");
        assertThat(a.toString()).isEqualTo("m{a=\"1\",b=\"2\",prometheus_replica=\"r0\"}");
    }
}
