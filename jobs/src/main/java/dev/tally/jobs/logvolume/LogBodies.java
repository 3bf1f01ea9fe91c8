package dev.tally.jobs.logvolume;

import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * What "bytes" means for log chargeback: the size of a record's body as the application wrote
 * it. Container logs reach OTLP as string bodies (the filelog receiver's container parser strips
 * the CRI prefix — timestamp, stream, tag — and keeps the line), so:
 * <ul>
 *   <li>a string body counts its UTF-8 bytes (the line as written, without the CRI prefix or the newline);</li>
 *   <li>a bytes body counts its bytes;</li>
 *   <li>no body counts 0 (the record still counts as a record);</li>
 *   <li>any other body (number, boolean, array, key-value list: structured logs) counts the size
 *       of its protobuf encoding, a stable measure of what was shipped.</li>
 * </ul>
 * Attributes and resource attributes are not counted: they are the pipeline's, not the app's.
 */
public final class LogBodies {

    private LogBodies() {
    }

    public static long bytes(AnyValue body) {
        return switch (body.getValueCase()) {
            case STRING_VALUE -> utf8Length(body.getStringValue());
            case BYTES_VALUE -> body.getBytesValue().size();
            case VALUE_NOT_SET -> 0;
            default -> body.getSerializedSize();
        };
    }

    /** UTF-8 length without copying; a lone surrogate counts as '?' (1 byte), as Java's encoder writes it. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
