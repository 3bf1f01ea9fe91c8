package dev.tally.jobs.telemetry;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.prometheus.RemoteWrite;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * Decodes the payloads of the raw telemetry topics; a payload that does not decode is refused
 * with the reason its dead letter carries. Every job decodes through here.
 */
public final class TelemetryPayloads {

    private TelemetryPayloads() {
    }

    public static RemoteWrite.WriteRequest writeRequest(byte[] payload) throws UnusableTelemetryException {
        try {
            return RemoteWrite.WriteRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new UnusableTelemetryException("not a remote_write WriteRequest: " + e.getMessage(), e);
        }
    }

    public static ExportMetricsServiceRequest otlpMetrics(byte[] payload) throws UnusableTelemetryException {
        try {
            return ExportMetricsServiceRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new UnusableTelemetryException("not an OTLP ExportMetricsServiceRequest: " + e.getMessage(), e);
        }
    }

    public static ExportLogsServiceRequest otlpLogs(byte[] payload) throws UnusableTelemetryException {
        try {
            return ExportLogsServiceRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new UnusableTelemetryException("not an OTLP ExportLogsServiceRequest: " + e.getMessage(), e);
        }
    }
}
