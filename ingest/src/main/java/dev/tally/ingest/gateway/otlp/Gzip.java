package dev.tally.ingest.gateway.otlp;

import dev.tally.ingest.gateway.limits.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongPredicate;
import java.util.zip.GZIPInputStream;

/**
 * gzip with a hard cap on the decompressed size: decompression stops, with a 413, as soon as the
 * output would pass the cap. gzip does not declare its size reliably (ISIZE is mod 2^32 and comes last),
 * so memory is taken step by step from the request's in-flight budget ({@code reserve}); a refusal there is a 429.
 */
public final class Gzip {

    private static final int STEP = 64 * 1024;

    private Gzip() {
    }

    public static byte[] decompress(byte[] compressed, long max, LongPredicate reserve) {
        byte[] out = new byte[(int) Math.min(max, Math.max(STEP, Math.min((long) compressed.length * 4, 4L * STEP)))];
        if (!reserve.test(out.length)) {
            throw new Rejection(429, "in_flight_budget", "the gateway holds too many request bytes right now; retry later");
        }
        long reserved = out.length;
        int n = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            while (true) {
                if (n == out.length) {
                    if (out.length >= max) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw tooLarge(max);
                    }
                    int grown = (int) Math.min(max, (long) out.length * 2);
                    if (!reserve.test(grown - reserved)) {
                        throw new Rejection(429, "in_flight_budget", "the gateway holds too many request bytes right now; retry later");
                    }
                    reserved = grown;
                    out = Arrays.copyOf(out, grown);
                }
                int read = in.read(out, n, out.length - n);
                if (read < 0) {
                    break;
                }
                n += read;
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Rejection r) {
                throw r;
            }
            throw Rejection.badRequest("malformed_gzip", "body is not valid gzip: " + e.getMessage());
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static Rejection tooLarge(long max) {
        return Rejection.tooLarge("gzip body decompresses to more than " + max + " bytes (limits.max-decompressed-bytes)");
    }
}
