package dev.tally.jobs.usage.series;

/**
 * Numbers distinct strings in order of first use (0, 1, 2 …): an open-addressing table, so a
 * lookup boxes nothing. Not thread-safe: one per writer.
 */
public final class StringNumbering {
    public static final int ABSENT = -1;

    private String[] keys = new String[1024];
    private int[] numbers = new int[1024];
    private int size;

    /** The number of {@code s} when seen before; otherwise gives it the next number and returns {@link #ABSENT}. */
    public int numberOrAdd(String s) {
        int mask = keys.length - 1;
        int i = spread(s.hashCode()) & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (k == s || k.equals(s)) {
                return numbers[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = s;
        numbers[i] = size++;
        if (size * 2 > keys.length) {
            grow();
        }
        return ABSENT;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldNumbers = numbers;
        keys = new String[oldKeys.length * 2];
        numbers = new int[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = spread(oldKeys[j].hashCode()) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                numbers[i] = oldNumbers[j];
            }
        }
    }

    public static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
