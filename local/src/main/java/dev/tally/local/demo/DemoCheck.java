package dev.tally.local.demo;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One number the demo checks, per cluster: what ClickHouse holds after the pipeline ran next to
 * what the simulator knows to be true. Exact: decimals compare by value, never by rounding.
 *
 * @param what  what is counted, with its unit, e.g. "CPU used, core-seconds"
 * @param table where the pipeline's number comes from
 */
public record DemoCheck(String what, String table, Map<String, BigDecimal> clickHouse, Map<String, BigDecimal> simulator) {

    public DemoCheck {
        clickHouse = new TreeMap<>(clickHouse);
        simulator = new TreeMap<>(simulator);
    }

    public TreeSet<String> clusters() {
        TreeSet<String> clusters = new TreeSet<>(clickHouse.keySet());
        clusters.addAll(simulator.keySet());
        return clusters;
    }

    public boolean equal(String cluster) {
        BigDecimal got = clickHouse.get(cluster);
        BigDecimal want = simulator.get(cluster);
        return got != null && want != null ? got.compareTo(want) == 0 : Objects.equals(got, want);
    }

    public boolean matches() {
        return clusters().stream().allMatch(this::equal);
    }
}
