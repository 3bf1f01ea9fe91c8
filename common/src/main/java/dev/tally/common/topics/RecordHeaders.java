package dev.tally.common.topics;

/** Kafka record header names shared by every producer and consumer of the raw topics. */
public final class RecordHeaders {
    /** MIME type of the record value, e.g. {@link #REMOTE_WRITE_PROTOBUF}. */
    public static final String CONTENT_TYPE = "content-type";
    /** The authenticated cluster that sent the record (never taken from the payload). */
    public static final String CLUSTER_ID = "tally-cluster-id";

    /** A Prometheus remote_write 1.0 WriteRequest, protobuf, not snappy-compressed. */
    public static final String REMOTE_WRITE_PROTOBUF = "application/x-protobuf;proto=prometheus.WriteRequest";
    /** An OTLP ExportMetricsServiceRequest, protobuf. */
    public static final String OTLP_METRICS_PROTOBUF = "application/x-protobuf;proto=opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest";
    /** An OTLP ExportLogsServiceRequest, protobuf. */
    public static final String OTLP_LOGS_PROTOBUF = "application/x-protobuf;proto=opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest";

    private RecordHeaders() {
    }
}
