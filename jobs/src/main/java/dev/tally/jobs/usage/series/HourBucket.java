package dev.tally.jobs.usage.series;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Every usable sample one cluster sent for one UTC hour, by series, de-duplicated on
 * (series, timestamp). The usage of an hour is computed from its bucket and its neighbours'.
 */
public final class HourBucket implements Serializable {
    private final long hourStartMillis;
    private final Map<Labels, SeriesSamples> series = new HashMap<>();
    private long samples;

    public HourBucket(long hourStartMillis) {
        this.hourStartMillis = hourStartMillis;
    }

    public long hourStartMillis() {
        return hourStartMillis;
    }

    /** What {@link #add} did. */
    public enum Added { DUPLICATE, ADDED, FIRST_OF_SERIES }

    /** Adds a sample; a duplicate (same series and timestamp) is ignored. */
    public Added add(Labels labels, long timestampMillis, double value) {
        SeriesSamples s = series.get(labels);
        boolean first = s == null;
        if (first) {
            s = new SeriesSamples(labels);
            series.put(labels, s);
        }
        if (!s.add(timestampMillis, value)) {
            return Added.DUPLICATE;
        }
        samples++;
        return first ? Added.FIRST_OF_SERIES : Added.ADDED;
    }

    public SeriesSamples get(Labels labels) {
        return series.get(labels);
    }

    public Collection<SeriesSamples> series() {
        return series.values();
    }

    /** Distinct samples held. */
    public long samples() {
        return samples;
    }
}
