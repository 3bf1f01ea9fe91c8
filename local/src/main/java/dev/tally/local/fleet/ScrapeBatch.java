package dev.tally.local.fleet;

import dev.tally.common.prometheus.RemoteWrite;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What one cluster sends for one scrape tick, in both wire formats, with the cluster it comes
 * from. {@code clusterId} is what the gateway would learn from authentication — it is not
 * read from any label (the {@code cluster} label in the payload is the sender's claim).
 *
 * <p>The remote_write request is built eagerly; the OTLP requests (the prometheus receiver's form,
 * the Collector's own names, logs) are rendered on first use
 * (then kept), so a consumer of one format does not pay for the other. The logs carry the
 * records written during the interval that ends at {@code scrapeTime}.
 */
public record ScrapeBatch(String clusterId, Instant scrapeTime, RemoteWrite.WriteRequest remoteWrite,
                          Supplier<ExportMetricsServiceRequest> otlpMetricsRenderer,
                          Supplier<ExportMetricsServiceRequest> collectorMetricsRenderer,
                          Supplier<ExportLogsServiceRequest> otlpLogsRenderer) {

    /** HTTP headers Prometheus sends with a remote_write 1.0 body. */
    public static final String REMOTE_WRITE_CONTENT_TYPE = "application/x-protobuf";
    public static final String REMOTE_WRITE_CONTENT_ENCODING = "snappy";
    public static final String REMOTE_WRITE_VERSION_HEADER = "X-Prometheus-Remote-Write-Version";
    public static final String REMOTE_WRITE_VERSION = "0.1.0";

    public ScrapeBatch {
        otlpMetricsRenderer = memoize(otlpMetricsRenderer);
        collectorMetricsRenderer = memoize(collectorMetricsRenderer);
        otlpLogsRenderer = memoize(otlpLogsRenderer);
    }

    /** The same samples as {@link #remoteWrite()}, as the OpenTelemetry Collector's prometheus receiver emits them. */
    public ExportMetricsServiceRequest otlpMetrics() {
        return otlpMetricsRenderer.get();
    }

    /**
     * The same fleet in the OpenTelemetry Collector's own names (kubeletstats, k8s_cluster and the
     * k8sattributes processor), as a Collector without Prometheus sends it; see {@code CollectorMetricsEncoder}
     * for what that form cannot carry.
     */
    public ExportMetricsServiceRequest collectorMetrics() {
        return collectorMetricsRenderer.get();
    }

    /** Container log records written during the scrape interval that ends at {@link #scrapeTime()}. */
    public ExportLogsServiceRequest otlpLogs() {
        return otlpLogsRenderer.get();
    }

    /** The remote_write HTTP body: the WriteRequest, snappy block-compressed. */
    public byte[] remoteWriteBody() {
        try {
            return Snappy.compress(remoteWrite.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int sampleCount() {
        return remoteWrite.getTimeseriesCount();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        if (supplier instanceof Memo<T>) {
            return supplier;
        }
        return new Memo<>(supplier);
    }

    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> source;
        private volatile T value;

        Memo(Supplier<T> source) {
            this.source = source;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = source.get();
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
