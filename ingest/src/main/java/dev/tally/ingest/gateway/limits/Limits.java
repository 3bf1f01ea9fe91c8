package dev.tally.ingest.gateway.limits;

import java.time.Duration;

/**
 * What one request may contain. Every field is configurable ({@code limits.*}); the defaults are in
 * {@link #defaults()} and in {@code ingest/README.md}.
 *
 * @param maxCompressedBytes     largest request body as sent (before snappy/gzip decompression)
 * @param maxDecompressedBytes   largest request body after decompression
 * @param maxSeriesPerRequest    remote_write time series, or OTLP data points / log records, per request
 * @param maxLabelsPerSeries     labels of one series, or attributes of one OTLP data point / log record
 * @param maxLabelNameLength     bytes of one label name (UTF-8)
 * @param maxLabelValueLength    bytes of one label value (UTF-8)
 * @param maxFutureSkew          a sample may be at most this far ahead of the gateway's clock
 * @param maxActiveSeriesPerCluster distinct series one cluster may have active at once (approximate, see {@link CardinalityGuard})
 * @param activeSeriesWindow     a series stays active this long after it was last seen (between 1 and 2 windows)
 * @param maxInFlightBytes       request bytes (compressed + decompressed) the gateway holds at once, all requests together
 */
public record Limits(
        long maxCompressedBytes,
        long maxDecompressedBytes,
        int maxSeriesPerRequest,
        int maxLabelsPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength,
        Duration maxFutureSkew,
        int maxActiveSeriesPerCluster,
        Duration activeSeriesWindow,
        long maxInFlightBytes) {

    public static Limits defaults() {
        return new Limits(
                10L * 1024 * 1024,
                64L * 1024 * 1024,
                50_000,
                64,
                256,
                4096,
                Duration.ofMinutes(10),
                1_000_000,
                Duration.ofHours(1),
                256L * 1024 * 1024);
    }

    public Limits {
        positive("maxCompressedBytes", maxCompressedBytes);
        positive("maxDecompressedBytes", maxDecompressedBytes);
        positive("maxSeriesPerRequest", maxSeriesPerRequest);
        positive("maxLabelsPerSeries", maxLabelsPerSeries);
        positive("maxLabelNameLength", maxLabelNameLength);
        positive("maxLabelValueLength", maxLabelValueLength);
        positive("maxActiveSeriesPerCluster", maxActiveSeriesPerCluster);
        positive("maxInFlightBytes", maxInFlightBytes);
        if (maxDecompressedBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("limits.max-decompressed-bytes must be below 2 GiB");
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("limits.max-future-skew must be zero or positive");
        }
        if (activeSeriesWindow == null || activeSeriesWindow.isNegative() || activeSeriesWindow.isZero()) {
            throw new IllegalArgumentException("limits.active-series-window must be positive");
        }
        if (maxInFlightBytes < maxCompressedBytes + maxDecompressedBytes) {
            throw new IllegalArgumentException("limits.max-in-flight-bytes (" + maxInFlightBytes
                    + ") must hold at least one largest request (max-compressed-bytes + max-decompressed-bytes = "
                    + (maxCompressedBytes + maxDecompressedBytes) + ")");
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("limits." + name + " must be positive, was " + value);
        }
    }
}
