package dev.tally.jobs.rightsizing.vpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The oracle: VPA's histogram math redone the simple way from its published constants (weights
 * 2^(age/half-life) with the newest sample as reference, exact weighted percentiles of the
 * sorted samples) agrees with {@link DecayingHistogram} within one bucket's width (5%) on random
 * usage series.
 */
class VpaOracleTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    record Sample(double value, double weight) {
    }

    @Test
    void histogramPercentilesAreWithinOneBucketOfTheExactWeightedPercentiles() {
        Random random = new Random(20261126L);
        ExponentialBuckets buckets = ExponentialBuckets.cpuCores();
        for (int series = 0; series < 200; series++) {
            DecayingHistogram h = new DecayingHistogram(buckets, Duration.ofHours(24));
            List<Sample> samples = new ArrayList<>();
            int minutes = 60 + random.nextInt(14 * 24 * 60 / 10);
            double base = Math.exp(random.nextGaussian() - 1);  // a workload's typical cores
            double request = random.nextDouble() * 2;
            int shiftAt = random.nextInt(minutes);
            List<Instant> times = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int m = 0; m < minutes; m++) {
                Instant t = T0.plus(Duration.ofMinutes(10L * m));
                // the level triples part-way: only a correct decay weighs the newer level right
                double level = m > shiftAt ? 3 : 1;
                double cores = Math.max(0, base * level * Math.exp(0.4 * random.nextGaussian()));
                h.add(cores, Math.max(request, 0.1), t);
                times.add(t);
                values.add(cores);
            }
            Instant newest = times.get(times.size() - 1);
            for (int i = 0; i < times.size(); i++) {
                double ageInHalfLives = (newest.toEpochMilli() - times.get(i).toEpochMilli()) / 86_400_000.0;
                samples.add(new Sample(values.get(i), Math.max(request, 0.1) * Math.pow(2, -ageInHalfLives)));
            }
            for (double p : new double[] {0.5, 0.9, 0.95}) {
                double exact = weightedPercentile(samples, p);
                double fromHistogram = h.percentile(p);
                int bucket = buckets.bucketOf(exact);
                double width = buckets.start(bucket + 1) - buckets.start(bucket);
                assertThat(fromHistogram).as("series %d p%.0f exact %f", series, p * 100, exact)
                        .isGreaterThanOrEqualTo(exact - 1e-12)
                        .isLessThanOrEqualTo(exact + width + 1e-12);
            }
        }
    }

    private static double weightedPercentile(List<Sample> samples, double p) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingDouble(Sample::value));
        double total = sorted.stream().mapToDouble(Sample::weight).sum();
        double partial = 0;
        for (Sample s : sorted) {
            partial += s.weight();
            if (partial >= p * total) {
                return s.value();
            }
        }
        return sorted.get(sorted.size() - 1).value();
    }
}
