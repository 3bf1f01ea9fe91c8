package dev.tally.jobs.usage.series;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;

/**
 * A series' label set, sorted by name, {@code __name__} included: the identity of a series.
 * Immutable; equality and hash over all pairs.
 */
public final class Labels implements Serializable {
    public static final String NAME = "__name__";

    private final String[] pairs; // name0, value0, name1, value1 … sorted by name
    private final int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
        this.hash = Arrays.hashCode(pairs);
    }

    /** From alternating names and values in any order; a later duplicate name wins. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        if (strictlySorted(namesAndValues)) {
            // the common case: remote_write sends labels sorted by name, and serialized Labels are sorted
            return new Labels(namesAndValues.clone());
        }
        int n = namesAndValues.length / 2;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = namesAndValues[2 * a].compareTo(namesAndValues[2 * b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        String[] sorted = new String[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            String name = namesAndValues[2 * order[i]];
            String value = namesAndValues[2 * order[i] + 1];
            if (k > 0 && sorted[k - 2].equals(name)) {
                sorted[k - 1] = value;
                continue;
            }
            sorted[k++] = name;
            sorted[k++] = value;
        }
        return new Labels(k == sorted.length ? sorted : Arrays.copyOf(sorted, k));
    }

    private static boolean strictlySorted(String[] namesAndValues) {
        for (int i = 2; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i - 2].compareTo(namesAndValues[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The {@code i}-th label's name, in name order ({@code 0 <= i < size()}). */
    public String name(int i) {
        return pairs[2 * i];
    }

    /** The {@code i}-th label's value, in name order. */
    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of {@code name}, or "" when absent (as PromQL treats a missing label). */
    public String get(String name) {
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c == 0) {
                return pairs[2 * mid + 1];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return "";
    }

    public String metricName() {
        return get(NAME);
    }

    /** These labels without the named ones (e.g. an HA pair's replica label). */
    public Labels without(Collection<String> names) {
        boolean any = false;
        for (int i = 0; i < pairs.length; i += 2) {
            if (names.contains(pairs[i])) {
                any = true;
                break;
            }
        }
        if (!any) {
            return this;
        }
        String[] kept = new String[pairs.length];
        int k = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (!names.contains(pairs[i])) {
                kept[k++] = pairs[i];
                kept[k++] = pairs[i + 1];
            }
        }
        return new Labels(Arrays.copyOf(kept, k));
    }

    /** The same labels under another metric name (e.g. a container's start-time series). */
    public Labels withName(String metricName) {
        String[] copy = pairs.clone();
        for (int i = 0; i < copy.length; i += 2) {
            if (copy[i].equals(NAME)) {
                copy[i + 1] = metricName;
                return new Labels(copy);
            }
        }
        String[] more = Arrays.copyOf(pairs, pairs.length + 2);
        more[more.length - 2] = NAME;
        more[more.length - 1] = metricName;
        return of(more);
    }

    public int size() {
        return pairs.length / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && other.hash == hash && Arrays.equals(other.pairs, pairs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(metricName()).append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].equals(NAME)) {
                if (b.charAt(b.length() - 1) != '{') {
                    b.append(',');
                }
                b.append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
            }
        }
        return b.append('}').toString();
    }
}
