package dev.tally.jobs.rightsizing.vpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecayingHistogramTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private final ExponentialBuckets buckets = ExponentialBuckets.cpuCores();

    @Test
    void aPercentileIsTheEndOfTheBucketWhereTheCumulativeWeightReachesIt() {
        DecayingHistogram h = new DecayingHistogram(buckets, Duration.ofHours(24));
        for (int i = 0; i < 9; i++) {
            h.add(0.2, 1, T0);
        }
        h.add(2.0, 1, T0);

        assertThat(h.percentile(0.9)).isEqualTo(buckets.start(buckets.bucketOf(0.2) + 1));
        assertThat(h.percentile(0.95)).isEqualTo(buckets.start(buckets.bucketOf(2.0) + 1));
        assertThat(new DecayingHistogram(buckets, Duration.ofHours(24)).percentile(0.9)).isZero();
    }

    @Test
    void aSampleOneHalfLifeNewerWeighsTwiceAsMuch() {
        DecayingHistogram h = new DecayingHistogram(buckets, Duration.ofHours(24));
        h.add(0.2, 1, T0);
        h.add(2.0, 1, T0.plus(Duration.ofHours(24)));
        // weights 1 and 2: the 34th percentile lies in the small bucket, the 35th already in the large one
        assertThat(h.percentile(0.33)).isEqualTo(buckets.start(buckets.bucketOf(0.2) + 1));
        assertThat(h.percentile(0.34)).isEqualTo(buckets.start(buckets.bucketOf(2.0) + 1));
    }

    @Test
    void movingTheReferenceAfterAHundredHalfLivesKeepsThePercentiles() {
        DecayingHistogram h = new DecayingHistogram(buckets, Duration.ofHours(1));
        Instant t = T0;
        for (int i = 0; i < 300; i++) {   // 300 hours: the reference moves twice
            h.add(i % 10 == 0 ? 3.0 : 0.5, 1, t);
            t = t.plus(Duration.ofHours(1));
        }
        // the last samples dominate: 0.5 most of the time, 3.0 at every tenth hour, the newest being 0.5 ×9 after a 3.0
        assertThat(h.isEmpty()).isFalse();
        assertThat(h.percentile(0.5)).isEqualTo(buckets.start(buckets.bucketOf(0.5) + 1));
        assertThat(Double.isFinite(h.percentile(0.99))).isTrue();
    }

    @Test
    void aReplacedPeakLeavesNoWeightBehind() {
        DecayingHistogram h = new DecayingHistogram(ExponentialBuckets.memoryBytes(), Duration.ofHours(24));
        h.add(5e8, 1, T0);
        h.subtract(5e8, 1, T0);
        assertThat(h.isEmpty()).isTrue();
    }
}
