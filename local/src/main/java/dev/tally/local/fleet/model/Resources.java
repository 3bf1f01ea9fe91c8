package dev.tally.local.fleet.model;

/**
 * CPU in millicores and memory in bytes, as a container's requests or limits; 0 means
 * "not set" (Kubernetes omits it, and so do the metrics).
 */
public record Resources(int cpuMillis, long memoryBytes) {

    public static final Resources NONE = new Resources(0, 0);

    public Resources {
        if (cpuMillis < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("negative resources");
        }
    }

    /** Parses Kubernetes quantities: {@code "250m"}, {@code "2"}, {@code "512Mi"}, {@code "2Gi"}; empty = unset. */
    public static Resources of(String cpu, String memory) {
        return new Resources(parseCpu(cpu), parseMemory(memory));
    }

    public boolean hasCpu() {
        return cpuMillis > 0;
    }

    public boolean hasMemory() {
        return memoryBytes > 0;
    }

    public boolean isEmpty() {
        return !hasCpu() && !hasMemory();
    }

    static int parseCpu(String q) {
        if (q == null || q.isEmpty()) {
            return 0;
        }
        if (q.endsWith("m")) {
            return Integer.parseInt(q.substring(0, q.length() - 1));
        }
        return Math.toIntExact(Math.round(Double.parseDouble(q) * 1000));
    }

    static long parseMemory(String q) {
        if (q == null || q.isEmpty()) {
            return 0;
        }
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"}};
        for (String[] u : units) {
            if (q.endsWith(u[0])) {
                return Long.parseLong(q.substring(0, q.length() - 2)) * Long.parseLong(u[1]);
            }
        }
        return Long.parseLong(q);
    }
}
