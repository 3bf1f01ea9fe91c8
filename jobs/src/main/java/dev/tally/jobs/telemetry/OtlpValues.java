package dev.tally.jobs.telemetry;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.Objects;

/** OTLP attribute values as the jobs read them: scalars in their plain text form. */
public final class OtlpValues {

    private OtlpValues() {
    }

    /** A string, integer, boolean or double value as text; null for anything else (arrays, maps, bytes, unset). */
    public static String scalarText(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> null;
        };
    }

    /** {@link #scalarText}, with "" for what is not a scalar. */
    public static String text(AnyValue value) {
        return Objects.requireNonNullElse(scalarText(value), "");
    }
}
