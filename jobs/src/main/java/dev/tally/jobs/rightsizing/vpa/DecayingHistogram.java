package dev.tally.jobs.rightsizing.vpa;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A histogram whose samples lose half their weight every {@code halfLife}, as the VPA
 * recommender's {@code decayingHistogram}: a sample's weight is multiplied by
 * 2^((t − reference) / halfLife), i.e. newer samples weigh more, and when that exponent would
 * pass 100 the reference moves forward (to a whole multiple of the half-life) and all weights are
 * scaled down by the same power of two, which leaves every percentile unchanged.
 */
public final class DecayingHistogram implements Serializable {
    private static final double MAX_DECAY_EXPONENT = 100;
    /** Weights below this count as empty (VPA: 0.001 × the minimum sample weight 0.1). */
    private static final double EPSILON = 0.0001;

    private final ExponentialBuckets buckets;
    private final long halfLifeMillis;
    private final double[] weights;
    private double totalWeight;
    private long referenceMillis;
    private boolean referenceSet;

    public DecayingHistogram(ExponentialBuckets buckets, Duration halfLife) {
        this.buckets = buckets;
        this.halfLifeMillis = halfLife.toMillis();
        this.weights = new double[buckets.count()];
    }

    /** A histogram in which every sample keeps its weight (robusta KRR's percentiles). */
    public static DecayingHistogram withoutDecay(ExponentialBuckets buckets) {
        return new DecayingHistogram(buckets, Duration.ofMillis(Long.MAX_VALUE));
    }

    public void add(double value, double weight, Instant time) {
        double decayed = weight * decayFactor(time.toEpochMilli());
        weights[buckets.bucketOf(value)] += decayed;
        totalWeight += decayed;
    }

    /** Takes a sample out again (a memory peak replaced by a higher one in the same window). */
    public void subtract(double value, double weight, Instant time) {
        double decayed = weight * decayFactor(time.toEpochMilli());
        int b = buckets.bucketOf(value);
        weights[b] = Math.max(0, weights[b] - decayed);
        totalWeight = Math.max(0, totalWeight - decayed);
    }

    public boolean isEmpty() {
        return totalWeight < EPSILON;
    }

    /**
     * The end of the first bucket at which the cumulative weight reaches {@code percentile} of
     * the total (the start of the last bucket, which has no end); 0 when empty. So the answer is
     * never below the true percentile, and at most one bucket's width above it.
     */
    public double percentile(double percentile) {
        if (isEmpty()) {
            return 0.0;
        }
        double threshold = percentile * totalWeight;
        double partial = 0.0;
        int bucket = 0;
        int last = lastNonEmpty();
        for (; bucket < last; bucket++) {
            partial += weights[bucket];
            if (partial >= threshold) {
                break;
            }
        }
        return bucket < weights.length - 1 ? buckets.start(bucket + 1) : buckets.start(bucket);
    }

    public ExponentialBuckets buckets() {
        return buckets;
    }

    /** How many bytes the weights take in state: what one container's history costs. */
    public int stateBytes() {
        return weights.length * Double.BYTES + 3 * Long.BYTES;
    }

    private int lastNonEmpty() {
        for (int b = weights.length - 1; b > 0; b--) {
            if (weights[b] >= EPSILON) {
                return b;
            }
        }
        return 0;
    }

    private double decayFactor(long millis) {
        if (halfLifeMillis == Long.MAX_VALUE) {
            return 1.0;
        }
        if (!referenceSet) {
            referenceMillis = Math.floorDiv(millis, halfLifeMillis) * halfLifeMillis;
            referenceSet = true;
        }
        if (millis - referenceMillis > MAX_DECAY_EXPONENT * halfLifeMillis) {
            shiftReference(millis);
        }
        return Math.pow(2, (double) (millis - referenceMillis) / halfLifeMillis);
    }

    private void shiftReference(long millis) {
        long newReference = Math.round((double) millis / halfLifeMillis) * halfLifeMillis;
        double scale = Math.pow(2, -Math.round((double) (newReference - referenceMillis) / halfLifeMillis));
        for (int b = 0; b < weights.length; b++) {
            weights[b] *= scale;
        }
        totalWeight *= scale;
        referenceMillis = newReference;
    }
}
