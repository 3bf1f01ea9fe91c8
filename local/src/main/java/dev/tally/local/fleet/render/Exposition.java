package dev.tally.local.fleet.render;

import java.util.Arrays;

/**
 * Everything one cluster exposes at one scrape, as Prometheus stores it after relabelling:
 * a list of (series, value) at one timestamp. Both encoders (remote_write, OTLP) read the
 * same exposition, so they carry the same values by construction of one source.
 */
public final class Exposition {

    private final String cluster;
    private final long timestampMillis;
    private Series[] series = new Series[1024];
    private double[] values = new double[1024];
    private int size;

    public Exposition(String cluster, long timestampMillis) {
        this.cluster = cluster;
        this.timestampMillis = timestampMillis;
    }

    void add(Series s, double value) {
        if (size == series.length) {
            series = Arrays.copyOf(series, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        series[size] = s;
        values[size] = value;
        size++;
    }

    public String cluster() {
        return cluster;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public int size() {
        return size;
    }

    public Series series(int i) {
        return series[i];
    }

    public double value(int i) {
        return values[i];
    }
}
