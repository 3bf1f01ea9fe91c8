package dev.tally.jobs.usage.decode;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.series.Labels;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The usable samples of one record that fall into one UTC hour, with their labels as a symbol
 * table (as remote-write 2.0 sends them): each distinct string once in {@code symbols}; series
 * {@code s} has the label pairs {@code labelRefs[seriesLabels[s] .. seriesLabels[s + 1])} (name,
 * value, name, value … as indexes into {@code symbols}); sample {@code i} belongs to series
 * {@code sampleSeries[i]} and is {@code values[i]} at {@code timestamps[i]}. The decoder numbers
 * strings while they are fresh, so nothing downstream looks up a string twice.
 */
@TypeInfo(ClusterSamplesTypeInfo.Factory.class) // Flink ships these with ClusterSamplesSerializer, not Kryo
public final class ClusterSamples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final long hourStartMillis;
    private final String[] symbols;
    private final int[] seriesLabels;
    private final int[] labelRefs;
    private final int[] sampleSeries;
    private final long[] timestamps;
    private final double[] values;
    private final long maxTimestamp;
    private final SourcePosition position;
    /** Every series' labels, built on first use (a benign race: any thread builds equal ones). */
    private transient Labels[] builtLabels;

    public ClusterSamples(String cluster, long hourStartMillis, String[] symbols, int[] seriesLabels, int[] labelRefs,
                          int[] sampleSeries, long[] timestamps, double[] values, long maxTimestamp, SourcePosition position) {
        this.cluster = cluster;
        this.hourStartMillis = hourStartMillis;
        this.symbols = symbols;
        this.seriesLabels = seriesLabels;
        this.labelRefs = labelRefs;
        this.sampleSeries = sampleSeries;
        this.timestamps = timestamps;
        this.values = values;
        this.maxTimestamp = maxTimestamp;
        this.position = position;
    }

    public String cluster() {
        return cluster;
    }

    public long hourStartMillis() {
        return hourStartMillis;
    }

    /** The distinct strings of the labels. */
    public String[] symbols() {
        return symbols;
    }

    /** Series {@code s}'s label references are {@code labelRefs()[seriesLabels()[s] .. seriesLabels()[s + 1])}. */
    public int[] seriesLabels() {
        return seriesLabels;
    }

    public int[] labelRefs() {
        return labelRefs;
    }

    /** Sample {@code i}'s series. */
    public int[] sampleSeries() {
        return sampleSeries;
    }

    public long[] timestamps() {
        return timestamps;
    }

    public double[] values() {
        return values;
    }

    /** The latest sample's timestamp: the element's event time. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    public SourcePosition position() {
        return position;
    }

    /** From labels per sample (tests, and decoders that build {@link Labels} anyway). */
    public static ClusterSamples of(String cluster, long hourStartMillis, List<Labels> labels, long[] timestamps,
                                    double[] values, long maxTimestamp, SourcePosition position) {
        SymbolTable table = new SymbolTable();
        int[] sampleSeries = new int[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            Labels l = labels.get(i);
            int s = table.startSeries();
            for (int k = 0; k < l.size(); k++) {
                table.addLabel(l.name(k), l.value(k));
            }
            sampleSeries[i] = s;
        }
        return table.samples(cluster, hourStartMillis, sampleSeries, timestamps, values, maxTimestamp, position);
    }

    public int size() {
        return timestamps.length;
    }

    public int seriesCount() {
        return seriesLabels.length - 1;
    }

    /** Series {@code s}'s labels. */
    private Labels labelsOfSeries(int s) {
        int from = seriesLabels[s];
        String[] pairs = new String[seriesLabels[s + 1] - from];
        for (int k = 0; k < pairs.length; k++) {
            pairs[k] = symbols[labelRefs[from + k]];
        }
        return Labels.of(pairs);
    }

    /** Every series' labels, each built once per element (do not modify the array). */
    public Labels[] allSeriesLabels() {
        Labels[] all = builtLabels;
        if (all == null) {
            all = new Labels[seriesCount()];
            for (int s = 0; s < all.length; s++) {
                all[s] = labelsOfSeries(s);
            }
            builtLabels = all;
        }
        return all;
    }

    /** The labels of each sample, in sample order. */
    public List<Labels> labels() {
        Labels[] series = allSeriesLabels();
        return new AbstractList<>() {
            @Override
            public Labels get(int i) {
                return series[sampleSeries[i]];
            }

            @Override
            public int size() {
                return sampleSeries.length;
            }
        };
    }
}
