package dev.tally.ingest.gateway;

import dev.tally.ingest.gateway.limits.InFlightBudget;
import dev.tally.ingest.gateway.limits.Rejection;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without blocking a thread while bytes are on their way: chunks are copied as
 * they arrive ({@code demand} calls back when more is there). Stops with 413 at {@code max} bytes and
 * with 429 when the in-flight budget has no room for the bytes.
 */
final class BodyReader implements Runnable {

    private final Content.Source source;
    private final long max;
    private final InFlightBudget.Lease lease;
    private final boolean lengthKnown;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] buffer;
    private int size;

    private BodyReader(Content.Source source, long max, InFlightBudget.Lease lease, long declaredLength) {
        this.source = source;
        this.max = max;
        this.lease = lease;
        this.lengthKnown = declaredLength >= 0;
        this.buffer = new byte[(int) (lengthKnown ? declaredLength : Math.min(max, 16 * 1024))];
    }

    /** The declared length, if any, was already checked against {@code max} and taken from the lease. */
    static CompletableFuture<byte[]> read(Content.Source source, long max, InFlightBudget.Lease lease, long declaredLength) {
        BodyReader reader = new BodyReader(source, max, lease, declaredLength);
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    result.completeExceptionally(chunk.getFailure());
                    return;
                }
                try {
                    ByteBuffer bytes = chunk.getByteBuffer();
                    int n = bytes.remaining();
                    if ((long) size + n > max) {
                        result.completeExceptionally(Rejection.tooLarge("body is larger than " + max
                                + " bytes (limits.max-compressed-bytes)"));
                        return;
                    }
                    if (size + n > buffer.length) {
                        if (lengthKnown) {
                            result.completeExceptionally(Rejection.badRequest("length_mismatch",
                                    "body is longer than its Content-Length"));
                            return;
                        }
                        int grown = (int) Math.min(max, Math.max((long) buffer.length * 2, (long) size + n));
                        if (!lease.tryAdd(grown - buffer.length)) {
                            result.completeExceptionally(budgetExhausted());
                            return;
                        }
                        buffer = Arrays.copyOf(buffer, grown);
                    }
                    bytes.get(buffer, size, n);
                    size += n;
                } finally {
                    chunk.release();
                }
                if (chunk.isLast()) {
                    result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
                    return;
                }
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    static Rejection budgetExhausted() {
        return new Rejection(429, "in_flight_budget",
                "the gateway holds its maximum of request bytes while Kafka catches up; retry later");
    }
}
