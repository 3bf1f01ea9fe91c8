package dev.tally.ingest.gateway.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies (compressed and decompressed) the gateway holds at once, from the first
 * byte read until Kafka answered. A request that would exceed it is turned away with 429 before it is
 * read further, so memory stays bounded when Kafka is slow.
 */
public final class InFlightBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    public InFlightBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code bytes} if they fit; never blocks. */
    public boolean tryAcquire(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long capacity() {
        return capacity;
    }

    /** One request's share; released once, whatever path the request takes. */
    public Lease lease() {
        return new Lease();
    }

    public final class Lease implements AutoCloseable {
        private long held;
        private boolean closed;

        public synchronized boolean tryAdd(long bytes) {
            if (closed) {
                return false;
            }
            if (!tryAcquire(bytes)) {
                return false;
            }
            held += bytes;
            return true;
        }

        public synchronized long held() {
            return held;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(held);
                held = 0;
            }
        }
    }
}
