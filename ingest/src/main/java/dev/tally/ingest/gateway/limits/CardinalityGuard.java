package dev.tally.ingest.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-cluster active-series guard: a time-windowed set of 64-bit series hashes in two generations.
 * A series is active when it was seen in the current or the previous window, so "active" means "seen
 * within the last 1 to 2 windows". Approximate in two ways, both documented: hash collisions (64-bit,
 * negligible below billions of series) and the window edge. A request whose new series would push the
 * cluster above its limit is rejected as a whole; its known series were seen and stay active.
 *
 * <p>Memory: 8 bytes per active series per generation at load factor 0.5, so about 32 MB for a
 * cluster at one million active series.
 */
public final class CardinalityGuard {

    private final int maxActiveSeries;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, ClusterSeries> clusters = new ConcurrentHashMap<>();

    public CardinalityGuard(int maxActiveSeries, Duration window, Clock clock) {
        this.maxActiveSeries = maxActiveSeries;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /**
     * Admits the request's series (hashes, duplicates allowed) or rejects it with a 400 naming the limit;
     * nothing is recorded for a rejected request.
     */
    public void admit(String clusterId, long[] seriesHashes, int count) {
        ClusterSeries series = clusters.computeIfAbsent(clusterId, id -> new ClusterSeries());
        series.admit(clusterId, seriesHashes, count, clock.millis());
    }

    /** Active series of a cluster as the guard counts them (current and previous window). */
    public int activeSeries(String clusterId) {
        ClusterSeries series = clusters.get(clusterId);
        return series == null ? 0 : series.active(clock.millis());
    }

    private final class ClusterSeries {
        private LongSet current = new LongSet(1024);
        private LongSet previous = new LongSet(16);
        private long windowStart = Long.MIN_VALUE;

        synchronized void admit(String clusterId, long[] hashes, int count, long now) {
            rotate(now);
            int fresh = 0;
            LongSet seenInRequest = new LongSet(Math.max(16, count * 2));
            for (int i = 0; i < count; i++) {
                long h = hashes[i];
                if (!current.contains(h) && !previous.contains(h) && seenInRequest.add(h)) {
                    fresh++;
                }
            }
            int active = activeCount();
            if (fresh > 0 && (long) active + fresh > maxActiveSeries) {
                throw new Rejection(400, "series_limit",
                        "cluster " + clusterId + " would have " + ((long) active + fresh) + " active series, above the limit of "
                                + maxActiveSeries + " (limits.max-active-series-per-cluster); " + fresh + " new series in this request");
            }
            for (int i = 0; i < count; i++) {
                current.add(hashes[i]);
            }
        }

        synchronized int active(long now) {
            rotate(now);
            return activeCount();
        }

        /** Series in the current window plus those only seen in the previous one. */
        private int activeCount() {
            int onlyPrevious = previous.countNotIn(current);
            return current.size() + onlyPrevious;
        }

        private void rotate(long now) {
            if (windowStart == Long.MIN_VALUE) {
                windowStart = now;
                return;
            }
            long elapsed = now - windowStart;
            if (elapsed >= 2 * windowMillis) {
                previous = new LongSet(16);
                current = new LongSet(1024);
                windowStart = now;
            } else if (elapsed >= windowMillis) {
                previous = current;
                current = new LongSet(Math.max(1024, previous.size() * 2));
                windowStart = now;
            }
        }
    }

    /** Open-addressing set of longs (0 is stored as a flag), linear probing, load factor 0.5. */
    static final class LongSet {
        private long[] slots;
        private int size;
        private boolean hasZero;

        LongSet(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            slots = new long[capacity];
        }

        int size() {
            return size + (hasZero ? 1 : 0);
        }

        boolean contains(long value) {
            if (value == 0) {
                return hasZero;
            }
            int mask = slots.length - 1;
            for (int i = mix(value) & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == 0) {
                    return false;
                }
                if (slot == value) {
                    return true;
                }
            }
        }

        boolean add(long value) {
            if (value == 0) {
                boolean added = !hasZero;
                hasZero = true;
                return added;
            }
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            for (int i = mix(value) & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == 0) {
                    slots[i] = value;
                    size++;
                    return true;
                }
                if (slot == value) {
                    return false;
                }
            }
        }

        int countNotIn(LongSet other) {
            int n = hasZero && !other.contains(0) ? 1 : 0;
            for (long slot : slots) {
                if (slot != 0 && !other.contains(slot)) {
                    n++;
                }
            }
            return n;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long slot : old) {
                if (slot != 0) {
                    add(slot);
                }
            }
        }

        private static int mix(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
