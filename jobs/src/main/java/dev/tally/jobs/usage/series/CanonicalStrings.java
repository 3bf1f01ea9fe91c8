package dev.tally.jobs.usage.series;

/**
 * One instance per distinct string read, across elements: a label value read again (the same
 * pod's next scrape) becomes the instance already held by the hour buckets. Equal labels then
 * compare by reference, and their hashes are already cached. Bounded: when full, it starts
 * over (correctness never depends on it; only speed and sharing do). Not thread-safe.
 */
public final class CanonicalStrings {
    private final String[] table;
    private final int limit;
    private int size;

    /** @param capacity a power of two; at most half of it is filled before it starts over */
    public CanonicalStrings(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        table = new String[capacity];
        limit = capacity / 2;
    }

    /** The instance held for a string equal to {@code s}, after keeping {@code s} when there was none. */
    public String canonical(String s) {
        int mask = table.length - 1;
        int i = StringNumbering.spread(s.hashCode()) & mask;
        String k;
        while ((k = table[i]) != null) {
            if (k.equals(s)) {
                return k;
            }
            i = (i + 1) & mask;
        }
        if (size == limit) {
            java.util.Arrays.fill(table, null);
            size = 0;
            i = StringNumbering.spread(s.hashCode()) & mask;
        }
        table[i] = s;
        size++;
        return s;
    }

    public int size() {
        return size;
    }
}
