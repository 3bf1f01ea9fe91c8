package dev.tally.ingest.gateway.limits;

import java.nio.charset.StandardCharsets;

/** Prometheus label rules on raw UTF-8 bytes: name syntax {@code [a-zA-Z_][a-zA-Z0-9_]*}, valid UTF-8 values. */
public final class LabelRules {

    private LabelRules() {
    }

    /** Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
    public static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int cp;
            if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
                min = 0x80;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                min = 0x800;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                need = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (end - i <= need) {
                return false;
            }
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** Prometheus's (legacy, pre-3.0) label name syntax; ASCII only, so valid UTF-8 follows. */
    public static boolean isValidLabelName(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = bytes[offset + i] & 0xff;
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!(letter || (i > 0 && digit))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidLabelName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return isValidLabelName(bytes, 0, bytes.length);
    }

    /**
     * A label name or value for an error message: quoted, at most 64 characters, invalid UTF-8 and
     * control characters escaped, so a message never carries garbage or a huge value.
     */
    public static String quote(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(Math.min(length, 64) + 8).append('"');
        int shown = Math.min(length, 64);
        for (int i = 0; i < shown; i++) {
            int c = bytes[offset + i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        if (length > shown) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    public static String quote(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return quote(bytes, 0, bytes.length);
    }
}
