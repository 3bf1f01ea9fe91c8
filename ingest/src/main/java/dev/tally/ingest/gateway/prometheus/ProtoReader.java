package dev.tally.ingest.gateway.prometheus;

import dev.tally.ingest.gateway.limits.Rejection;

/**
 * A bounds-checked protobuf wire-format reader over one byte array, with no allocation: the remote_write
 * validator reads label bytes where they lie. Every malformed input ends in a {@link Rejection} (400),
 * never in another exception.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;

    ProtoReader(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    boolean hasMore() {
        return pos < limit;
    }

    int position() {
        return pos;
    }

    /** The next tag (field number &lt;&lt; 3 | wire type). */
    int readTag() {
        long tag = readVarint();
        if (tag == 0 || tag > Integer.MAX_VALUE) {
            throw malformed("invalid field tag " + tag);
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw malformed("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    long readFixed64() {
        if (limit - pos < 8) {
            throw malformed("truncated fixed64");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    /** Reads a length prefix and returns the end offset of the field's bytes, which start at {@link #position()}. */
    int readLengthDelimitedEnd() {
        long length = readVarint();
        if (length < 0 || length > limit - pos) {
            throw malformed("length " + length + " runs past the end of its message");
        }
        return pos + (int) length;
    }

    void skipTo(int end) {
        pos = end;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                if (limit - pos < 8) {
                    throw malformed("truncated fixed64");
                }
                pos += 8;
            }
            case LENGTH_DELIMITED -> pos = readLengthDelimitedEnd();
            case FIXED32 -> {
                if (limit - pos < 4) {
                    throw malformed("truncated fixed32");
                }
                pos += 4;
            }
            default -> throw malformed("unsupported wire type " + wireType);
        }
    }

    static Rejection malformed(String what) {
        return Rejection.badRequest("malformed_protobuf", "body is not a valid protobuf WriteRequest: " + what);
    }
}
