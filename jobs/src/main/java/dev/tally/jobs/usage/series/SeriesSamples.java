package dev.tally.jobs.usage.series;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The samples of one series, sorted by timestamp, at most one per timestamp: a second sample
 * with a timestamp already present (an HA replica's copy, a replayed record) is ignored.
 */
public final class SeriesSamples implements Serializable {
    private final Labels labels;
    private long[] timestamps;
    private double[] values;
    private int size;

    public SeriesSamples(Labels labels) {
        this.labels = labels;
        this.timestamps = new long[4];
        this.values = new double[4];
    }

    /** A series restored from a checkpoint: {@code size} samples, sorted and distinct by timestamp. */
    SeriesSamples(Labels labels, long[] timestamps, double[] values, int size) {
        this.labels = labels;
        this.timestamps = timestamps;
        this.values = values;
        this.size = size;
    }

    /** A copy that shares the (immutable) labels. */
    SeriesSamples copy() {
        return new SeriesSamples(labels, Arrays.copyOf(timestamps, Math.max(4, size)), Arrays.copyOf(values, Math.max(4, size)), size);
    }

    public Labels labels() {
        return labels;
    }

    /** Adds a sample; returns false when one with this timestamp is already there. */
    public boolean add(long timestampMillis, double value) {
        return insert(timestampMillis, value) >= 0;
    }

    /** Adds a sample; returns its index (0: now the earliest), or -1 when one with this timestamp is already there. */
    public int insert(long timestampMillis, double value) {
        int at;
        if (size == 0 || timestamps[size - 1] < timestampMillis) {
            at = size;
        } else {
            int found = Arrays.binarySearch(timestamps, 0, size, timestampMillis);
            if (found >= 0) {
                return -1;
            }
            at = -found - 1;
        }
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(timestamps, at, timestamps, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        timestamps[at] = timestampMillis;
        values[at] = value;
        size++;
        return at;
    }

    public int size() {
        return size;
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public double value(int i) {
        return values[i];
    }

    public long firstTimestamp() {
        return timestamps[0];
    }

    public long lastTimestamp() {
        return timestamps[size - 1];
    }

    /** Index of the latest sample at or before {@code t}, or -1. */
    public int floor(long t) {
        int found = Arrays.binarySearch(timestamps, 0, size, t);
        return found >= 0 ? found : -found - 2;
    }
}
