package dev.tally.jobs.usage.series;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Every usable sample one cluster sent for one UTC hour, by series, de-duplicated on
 * (series, timestamp). The usage of an hour is computed from its bucket and its neighbours'.
 */
@TypeInfo(HourBucketTypeInfo.Factory.class) // checkpointed with HourBucketSerializer, not Kryo
public final class HourBucket implements Serializable {
    private final long hourStartMillis;
    private final Map<Labels, SeriesSamples> series = new HashMap<>();
    private long samples;

    public HourBucket(long hourStartMillis) {
        this.hourStartMillis = hourStartMillis;
    }

    /** Puts a restored series (checkpoint or copy); {@code samples} is the bucket's count, restored with it. */
    void restore(SeriesSamples s) {
        series.put(s.labels(), s);
    }

    void restoreSampleCount(long samples) {
        this.samples = samples;
    }

    public long hourStartMillis() {
        return hourStartMillis;
    }

    /**
     * What {@link #add} did. {@code EARLIEST_OF_SERIES}: the sample is now its series' earliest in
     * this hour, so it may close the previous hour's last interval of that series.
     */
    public enum Added { DUPLICATE, ADDED, EARLIEST_OF_SERIES }

    /** Adds a sample; a duplicate (same series and timestamp) is ignored. */
    public Added add(Labels labels, long timestampMillis, double value) {
        SeriesSamples s = series.get(labels);
        if (s == null) {
            s = new SeriesSamples(labels);
            series.put(labels, s);
        }
        int at = s.insert(timestampMillis, value);
        if (at < 0) {
            return Added.DUPLICATE;
        }
        samples++;
        return at == 0 ? Added.EARLIEST_OF_SERIES : Added.ADDED;
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
