package dev.tally.ingest.gateway.metrics;

import dev.tally.ingest.service.MetricsText;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/** The gateway's own metrics, in a registry of its own (several gateways may run in one JVM, e.g. tests). */
public final class GatewayMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Counter accepted;
    private final Counter receivedBytes;
    private final Counter rejections;
    private final Histogram kafkaSend;

    public GatewayMetrics(LongSupplier inFlightBytes) {
        requests = Counter.builder().name("tally_gateway_requests_total")
                .help("HTTP requests by endpoint and response status")
                .labelNames("endpoint", "status").register(registry);
        accepted = Counter.builder().name("tally_gateway_accepted_total")
                .help("Items acknowledged by Kafka: remote_write samples, OTLP data points, OTLP log records")
                .labelNames("endpoint", "kind").register(registry);
        receivedBytes = Counter.builder().name("tally_gateway_received_bytes_total")
                .help("Request body bytes as received (compressed)")
                .labelNames("endpoint").register(registry);
        rejections = Counter.builder().name("tally_gateway_rejections_total")
                .help("Rejected requests or items by reason")
                .labelNames("endpoint", "reason").register(registry);
        kafkaSend = Histogram.builder().name("tally_gateway_kafka_send_seconds")
                .help("Time from send to Kafka acknowledgement (or failure)")
                .labelNames("topic")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .classicOnly()
                .register(registry);
        GaugeWithCallback.builder().name("tally_gateway_in_flight_bytes")
                .help("Request bytes held until Kafka answers (compressed + decompressed)")
                .callback(cb -> cb.call(inFlightBytes.getAsLong()))
                .register(registry);
    }

    public void request(String endpoint, int status) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
    }

    public void accepted(String endpoint, String kind, long count) {
        if (count > 0) {
            accepted.labelValues(endpoint, kind).inc(count);
        }
    }

    public void receivedBytes(String endpoint, long bytes) {
        receivedBytes.labelValues(endpoint).inc(bytes);
    }

    public void rejection(String endpoint, String reason, long count) {
        if (count > 0) {
            rejections.labelValues(endpoint, reason).inc(count);
        }
    }

    public void kafkaSend(String topic, long nanos) {
        kafkaSend.labelValues(topic).observe(nanos / 1e9);
    }

    public String contentType() {
        return MetricsText.contentType();
    }

    public byte[] scrape() {
        return MetricsText.scrape(registry);
    }
}
