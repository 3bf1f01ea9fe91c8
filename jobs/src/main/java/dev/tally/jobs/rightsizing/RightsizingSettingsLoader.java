package dev.tally.jobs.rightsizing;

import dev.tally.common.config.ConfigValues;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.jobs.rightsizing.prices.ConfiguredPrices;
import dev.tally.jobs.rightsizing.prices.ResourcePrices;
import dev.tally.jobs.rightsizing.vpa.VpaSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Loads {@link RightsizingSettings} from a YAML or properties file, then environment overrides:
 * each key {@code a.b-c} is {@code TALLY_RIGHTSIZING_A_B_C} (the spellings of {@link ConfigValues},
 * as the gateway's and the drift exporter's). Unknown keys are errors, so a typo does not silently
 * fall back to a default. Keys, defaults and where they come from: docs/rightsizing.md, "Configuration".
 */
public final class RightsizingSettingsLoader {

    public static final String ENV_PREFIX = "TALLY_RIGHTSIZING_";
    public static final String ENV_CONFIG_FILE = ENV_PREFIX + "CONFIG";
    /** {@code prices.clusters.<cluster>.cpu-core-hour} (…{@code memory-gib-hour}, …{@code currency}): one cluster's prices. */
    private static final String CLUSTER_PRICES = "prices.clusters.";
    private static final String NONE = "none";

    /** Every fixed key with its default, in the order docs/rightsizing.md lists them. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        RightsizingSettings d = RightsizingSettings.defaults();
        VpaSettings v = d.vpa();
        KEYS.put("topic-strategy", d.topicStrategy().label());
        KEYS.put("vpa.target-percentile", Double.toString(v.targetPercentile()));
        KEYS.put("vpa.lower-bound-percentile", Double.toString(v.lowerBoundPercentile()));
        KEYS.put("vpa.upper-bound-percentile", Double.toString(v.upperBoundPercentile()));
        KEYS.put("vpa.safety-margin", Double.toString(v.safetyMargin()));
        KEYS.put("vpa.half-life", ConfigValues.format(v.halfLife()));
        KEYS.put("vpa.memory-peak-window", ConfigValues.format(v.memoryPeakWindow()));
        KEYS.put("vpa.min-cpu-sample-weight", Double.toString(v.minCpuSampleWeight()));
        KEYS.put("vpa.pod-min-cpu-cores", Double.toString(v.podMinCpuCores()));
        KEYS.put("vpa.pod-min-memory-bytes", Long.toString((long) v.podMinMemoryBytes()));
        KEYS.put("vpa.oom-min-bump-bytes", Long.toString((long) v.oomMinBumpBytes()));
        KEYS.put("vpa.oom-bump-ratio", Double.toString(v.oomBumpRatio()));
        KEYS.put("simple.cpu-percentile", Double.toString(d.simpleCpuPercentile()));
        KEYS.put("simple.memory-buffer", Double.toString(d.simpleMemoryBuffer()));
        KEYS.put("limits.memory-limit-to-request", ratio(d.limits().memoryLimitToRequest()));
        KEYS.put("limits.cpu-limit-to-request", ratio(d.limits().cpuLimitToRequest()));
        KEYS.put("min-history", ConfigValues.format(d.minHistory()));
        KEYS.put("full-confidence-history", ConfigValues.format(d.fullConfidenceHistory()));
        KEYS.put("emit-every", ConfigValues.format(d.emitEvery()));
        KEYS.put("forget-after", ConfigValues.format(d.forgetAfter()));
        KEYS.put("owner-wait", ConfigValues.format(d.ownerWait()));
        KEYS.put("max-rate-gap", ConfigValues.format(d.maxRateGap()));
        KEYS.put("over-provisioned-ratio", Double.toString(d.overProvisionedRatio()));
        KEYS.put("under-provisioned-ratio", Double.toString(d.underProvisionedRatio()));
        KEYS.put("throttling-risk-ratio", Double.toString(d.throttlingRiskRatio()));
        KEYS.put("oom-risk-window", ConfigValues.format(d.oomRiskWindow()));
        KEYS.put("prices.cpu-core-hour", d.prices().fallback().cpuCoreHour().toPlainString());
        KEYS.put("prices.memory-gib-hour", d.prices().fallback().memoryGibHour().toPlainString());
        KEYS.put("prices.currency", d.prices().fallback().currency());
        KEYS.put("out-of-orderness", ConfigValues.format(d.outOfOrderness()));
        KEYS.put("source-idleness", ConfigValues.format(d.sourceIdleness()));
        KEYS.put("replica-labels", String.join(",", d.replicaLabels()));
    }

    private RightsizingSettingsLoader() {
    }

    /** From the file {@value #ENV_CONFIG_FILE} names (none: defaults only) and the process environment. */
    public static RightsizingSettings fromEnvironment() {
        String file = System.getenv(ENV_CONFIG_FILE);
        return load(file == null || file.isBlank() ? null : Path.of(file));
    }

    /** From {@code file} (may be null: defaults only) and the process environment. */
    public static RightsizingSettings load(Path file) {
        return load(file, System.getenv());
    }

    public static RightsizingSettings load(Path file, Map<String, String> env) {
        Map<String, String> values = ConfigValues.readWithEnvironment(file, env, ENV_PREFIX, KEYS.keySet());
        Map<String, String> v = new LinkedHashMap<>(KEYS);
        Map<String, Map<String, String>> clusters = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(CLUSTER_PRICES) && key.lastIndexOf('.') > CLUSTER_PRICES.length()) {
                int dot = key.lastIndexOf('.');
                clusters.computeIfAbsent(key.substring(CLUSTER_PRICES.length(), dot), c -> new TreeMap<>())
                        .put(key.substring(dot + 1), value.strip());
            } else if (KEYS.containsKey(key)) {
                v.put(key, value.strip());
            } else {
                throw new IllegalArgumentException("unknown rightsizing config key \"" + key + "\"; known keys: "
                        + String.join(", ", KEYS.keySet()) + ", " + CLUSTER_PRICES + "<cluster>.{cpu-core-hour,memory-gib-hour,currency}");
            }
        });
        ResourcePrices fallback = new ResourcePrices(decimal(v, "prices.cpu-core-hour"), decimal(v, "prices.memory-gib-hour"),
                v.get("prices.currency"));
        Map<String, ResourcePrices> byCluster = new TreeMap<>();
        clusters.forEach((cluster, p) -> {
            for (String k : p.keySet()) {
                if (!List.of("cpu-core-hour", "memory-gib-hour", "currency").contains(k)) {
                    throw new IllegalArgumentException("unknown rightsizing config key \"" + CLUSTER_PRICES + cluster + "." + k
                            + "\"; a cluster's prices are cpu-core-hour, memory-gib-hour and currency");
                }
            }
            Map<String, String> withDefaults = new TreeMap<>(Map.of("cpu-core-hour", fallback.cpuCoreHour().toPlainString(),
                    "memory-gib-hour", fallback.memoryGibHour().toPlainString(), "currency", fallback.currency()));
            withDefaults.putAll(p);
            byCluster.put(cluster, new ResourcePrices(decimal(withDefaults, "cpu-core-hour"),
                    decimal(withDefaults, "memory-gib-hour"), withDefaults.get("currency")));
        });
        VpaSettings vpa = new VpaSettings(fraction(v, "vpa.target-percentile"), fraction(v, "vpa.lower-bound-percentile"),
                fraction(v, "vpa.upper-bound-percentile"), number(v, "vpa.safety-margin"), positive(v, "vpa.half-life"),
                positive(v, "vpa.memory-peak-window"), number(v, "vpa.min-cpu-sample-weight"), number(v, "vpa.pod-min-cpu-cores"),
                ConfigValues.size(v, "vpa.pod-min-memory-bytes"), ConfigValues.size(v, "vpa.oom-min-bump-bytes"),
                number(v, "vpa.oom-bump-ratio"));
        return new RightsizingSettings(strategy(v.get("topic-strategy")), vpa, fraction(v, "simple.cpu-percentile"),
                number(v, "simple.memory-buffer"),
                new LimitsPolicy(ratioOrNone(v, "limits.memory-limit-to-request"), ratioOrNone(v, "limits.cpu-limit-to-request")),
                positive(v, "min-history"), positive(v, "full-confidence-history"), positive(v, "emit-every"),
                positive(v, "forget-after"), positive(v, "owner-wait"), positive(v, "max-rate-gap"),
                number(v, "over-provisioned-ratio"), number(v, "under-provisioned-ratio"), fraction(v, "throttling-risk-ratio"),
                positive(v, "oom-risk-window"), new ConfiguredPrices(fallback, byCluster), positive(v, "out-of-orderness"),
                positive(v, "source-idleness"), Arrays.stream(v.get("replica-labels").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
    }

    private static String ratio(Double r) {
        return r == null ? NONE : r.toString();
    }

    private static RightsizingStrategy strategy(String s) {
        for (RightsizingStrategy strategy : RightsizingStrategy.values()) {
            if (strategy.label().equals(s.toLowerCase(Locale.ROOT))) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("topic-strategy must be vpa or simple, was \"" + s + "\"");
    }

    private static double number(Map<String, String> v, String key) {
        return parsed(v, key, Double::parseDouble, "a number");
    }

    private static double fraction(Map<String, String> v, String key) {
        double d = number(v, key);
        if (!(d > 0 && d <= 1)) {
            throw new IllegalArgumentException(key + " must be above 0 and at most 1 (0.9 = 90th percentile), was " + v.get(key));
        }
        return d;
    }

    private static Double ratioOrNone(Map<String, String> v, String key) {
        return NONE.equalsIgnoreCase(v.get(key)) ? null : number(v, key);
    }

    private static Duration positive(Map<String, String> v, String key) {
        Duration d = ConfigValues.duration(v, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + v.get(key));
        }
        return d;
    }

    private static BigDecimal decimal(Map<String, String> v, String key) {
        return parsed(v, key, BigDecimal::new, "a decimal number");
    }

    private static <T> T parsed(Map<String, String> v, String key, Function<String, T> parse, String what) {
        try {
            return parse.apply(v.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be " + what + ", was \"" + v.get(key) + "\"");
        }
    }
}
