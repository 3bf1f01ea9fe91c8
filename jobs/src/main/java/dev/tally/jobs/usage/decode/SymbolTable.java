package dev.tally.jobs.usage.decode;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.series.StringNumbering;
import java.util.Arrays;

/**
 * Builds the symbol table of a {@link ClusterSamples}: strings numbered in order of first use,
 * series as runs of (name, value) references. Not thread-safe: one per record being decoded.
 */
final class SymbolTable {
    private final StringNumbering numbering = new StringNumbering();
    private String[] symbols = new String[256];
    private int symbolCount;
    private int[] seriesLabels = new int[65];
    private int seriesCount;
    private int[] labelRefs = new int[1024];
    private int refCount;

    /** Starts a new series; returns its number. Its labels follow with {@link #addLabel}. */
    int startSeries() {
        if (seriesCount + 2 > seriesLabels.length) {
            seriesLabels = Arrays.copyOf(seriesLabels, seriesLabels.length * 2);
        }
        seriesLabels[seriesCount] = refCount;
        seriesLabels[seriesCount + 1] = refCount;
        return seriesCount++;
    }

    /** Adds a label to the series started last. */
    void addLabel(String name, String value) {
        if (refCount + 2 > labelRefs.length) {
            labelRefs = Arrays.copyOf(labelRefs, labelRefs.length * 2);
        }
        labelRefs[refCount++] = symbol(name);
        labelRefs[refCount++] = symbol(value);
        seriesLabels[seriesCount] = refCount;
    }

    private int symbol(String s) {
        int number = numbering.numberOrAdd(s);
        if (number != StringNumbering.ABSENT) {
            return number;
        }
        if (symbolCount == symbols.length) {
            symbols = Arrays.copyOf(symbols, symbolCount * 2);
        }
        symbols[symbolCount] = s;
        return symbolCount++;
    }

    ClusterSamples samples(String cluster, long hourStartMillis, int[] sampleSeries, long[] timestamps, double[] values,
                           long maxTimestamp, SourcePosition position) {
        return new ClusterSamples(cluster, hourStartMillis, Arrays.copyOf(symbols, symbolCount),
                Arrays.copyOf(seriesLabels, seriesCount + 1), Arrays.copyOf(labelRefs, refCount), sampleSeries,
                timestamps, values, maxTimestamp, position);
    }
}
