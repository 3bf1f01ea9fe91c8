package dev.tally.jobs.telemetry;

import dev.tally.common.deadletter.SourcePosition;

/**
 * One record of a raw telemetry topic as the gateway (or a collector) wrote it: the payload
 * untouched, with the authenticated cluster and content type from the record headers.
 */
public record RawTelemetry(String clusterId, String contentType, byte[] payload, SourcePosition position)
        implements java.io.Serializable {
}
