package dev.tally.ingest.gateway.prometheus;

import dev.tally.ingest.gateway.limits.Rejection;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy block format (what remote_write sends), decompressed only after the length the block declares
 * up front has been checked against the cap: a body claiming 2 GB is refused before anything is allocated.
 */
public final class SnappyBlock {

    private SnappyBlock() {
    }

    /** The uncompressed length in the block's varint header (at most 5 bytes, uint32), or a 400. */
    public static long declaredLength(byte[] compressed) {
        long result = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= compressed.length) {
                throw Rejection.badRequest("malformed_snappy", "body is not snappy block format: "
                        + (compressed.length == 0 ? "empty body" : "truncated length header"));
            }
            int b = compressed[i] & 0xff;
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (result > 0xffffffffL) {
                    break;
                }
                return result;
            }
        }
        throw Rejection.badRequest("malformed_snappy", "body is not snappy block format: invalid length header");
    }

    /**
     * Decompresses {@code compressed} whose declared length was already checked to be at most {@code max}.
     */
    public static byte[] decompress(byte[] compressed, long declared, long max) {
        if (declared > max) {
            throw Rejection.tooLarge("snappy body declares " + declared + " bytes uncompressed, above the limit of "
                    + max + " (limits.max-decompressed-bytes)");
        }
        byte[] out = new byte[(int) declared];
        try {
            if (!Snappy.isValidCompressedBuffer(compressed)) {
                throw Rejection.badRequest("malformed_snappy", "body is not valid snappy block format");
            }
            int n = Snappy.uncompress(compressed, 0, compressed.length, out, 0);
            if (n != declared) {
                throw Rejection.badRequest("malformed_snappy", "snappy body declares " + declared
                        + " bytes but holds " + n);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (e instanceof Rejection r) {
                throw r;
            }
            throw Rejection.badRequest("malformed_snappy", "body is not valid snappy block format: " + e.getMessage());
        }
    }
}
