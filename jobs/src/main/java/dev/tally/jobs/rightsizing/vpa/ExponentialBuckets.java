package dev.tally.jobs.rightsizing.vpa;

import java.io.Serializable;

/**
 * The bucket boundaries of the VPA recommender's histograms (kubernetes/autoscaler,
 * {@code pkg/recommender/util/histogram_options.go}): bucket {@code i} starts at
 * {@code firstBucketSize × (ratio^i − 1) / (ratio − 1)}, so each bucket is {@code ratio} times as
 * wide as the one before; bucket 0 starts at 0; the last bucket has no upper end.
 */
public record ExponentialBuckets(double maxValue, double firstBucketSize, double ratio) implements Serializable {
    /** Buckets 5% wider each ({@code HistogramBucketSizeGrowth} = 0.05). */
    public static final double GROWTH = 1.05;

    /** CPU in cores: first bucket 0.01 core, up to 1000 cores (VPA's {@code CPUHistogramOptions}). */
    public static ExponentialBuckets cpuCores() {
        return new ExponentialBuckets(1000.0, 0.01, GROWTH);
    }

    /** Memory in bytes: first bucket 10^7 bytes, up to 10^12 (VPA's {@code MemoryHistogramOptions}). */
    public static ExponentialBuckets memoryBytes() {
        return new ExponentialBuckets(1e12, 1e7, GROWTH);
    }

    /** The smallest n such that bucket n starts at or beyond {@code maxValue}, plus one. */
    public int count() {
        return (int) Math.ceil(Math.log(maxValue * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio)) + 1;
    }

    public int bucketOf(double value) {
        if (value < firstBucketSize) {
            return 0;
        }
        int bucket = (int) (Math.log(value * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio));
        return Math.min(bucket, count() - 1);
    }

    public double start(int bucket) {
        return bucket == 0 ? 0.0 : firstBucketSize * (Math.pow(ratio, bucket) - 1) / (ratio - 1);
    }
}
