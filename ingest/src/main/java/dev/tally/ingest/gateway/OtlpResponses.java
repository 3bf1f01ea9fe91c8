package dev.tally.ingest.gateway;

import com.google.protobuf.CodedOutputStream;
import dev.tally.ingest.gateway.otlp.OtlpJson;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** OTLP/HTTP response bodies, in the request's encoding (protobuf or JSON). */
final class OtlpResponses {

    private OtlpResponses() {
    }

    /** {@code Export…ServiceResponse}, with {@code partial_success} when something was rejected. */
    static byte[] success(boolean metrics, boolean json, long rejected, String errorMessage) {
        com.google.protobuf.Message message;
        if (metrics) {
            ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
            if (rejected > 0) {
                b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected).setErrorMessage(errorMessage));
            }
            message = b.build();
        } else {
            ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
            if (rejected > 0) {
                b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(errorMessage));
            }
            message = b.build();
        }
        return json ? OtlpJson.print(message).getBytes(StandardCharsets.UTF_8) : message.toByteArray();
    }

    /**
     * A {@code google.rpc.Status} (code, message) as the OTLP/HTTP spec asks for failed requests. Encoded by
     * hand: two fields, and the message class lives in a library the gateway does not otherwise need.
     */
    static byte[] status(boolean json, int httpStatus, String message) {
        int code = switch (httpStatus) {
            case 400, 415 -> 3;   // INVALID_ARGUMENT
            case 401 -> 16;       // UNAUTHENTICATED
            case 403 -> 7;        // PERMISSION_DENIED
            case 413, 429 -> 8;   // RESOURCE_EXHAUSTED
            case 503 -> 14;       // UNAVAILABLE
            default -> 13;        // INTERNAL
        };
        if (json) {
            return ("{\"code\":" + code + ",\"message\":" + jsonString(message) + "}").getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeInt32(1, code);
            coded.writeString(2, message);
            coded.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
