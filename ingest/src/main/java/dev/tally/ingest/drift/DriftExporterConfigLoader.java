package dev.tally.ingest.drift;

import dev.tally.common.config.ConfigValues;
import dev.tally.common.kafka.KafkaClientSecurity;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a {@link DriftExporterConfig} from a YAML or properties file (as the gateway's), then
 * applies environment overrides: each key {@code a.b-c} is {@code TALLY_DRIFT_EXPORTER_A_B_C}.
 * Unknown keys are errors, so a typo does not silently fall back to a default.
 */
public final class DriftExporterConfigLoader {

    public static final String ENV_PREFIX = "TALLY_DRIFT_EXPORTER_";
    public static final String ENV_CONFIG_FILE = ENV_PREFIX + "CONFIG";
    private static final String CONSUMER_PREFIX = "kafka.consumer.";

    /** Every fixed key with its default, in README order. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        DriftExporterConfig d = DriftExporterConfig.defaults();
        KEYS.put("bind-address", d.bindAddress());
        KEYS.put("port", Integer.toString(d.port()));
        KEYS.put("kafka.bootstrap-servers", d.bootstrapServers());
        KEYS.put("kafka.topic-prefix", d.topicPrefix());
        KEYS.put("namespaces", String.join(",", d.namespaces()));
        KEYS.put("exclude-namespaces", String.join(",", d.excludedNamespaces()));
        KEYS.put("max-containers", Integer.toString(d.maxContainers()));
    }

    private DriftExporterConfigLoader() {
    }

    /** From {@code file} (may be null: defaults only) and the process environment. */
    public static DriftExporterConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static DriftExporterConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = ConfigValues.readWithEnvironment(file, env, ENV_PREFIX, KEYS.keySet());
        Map<String, String> consumer = new TreeMap<>();
        Map<String, String> v = new LinkedHashMap<>(KEYS);
        values.forEach((key, value) -> {
            if (key.startsWith(CONSUMER_PREFIX)) {
                consumer.put(key.substring(CONSUMER_PREFIX.length()), value);
            } else if (KEYS.containsKey(key)) {
                v.put(key, value.strip());
            } else {
                throw new IllegalArgumentException("unknown drift exporter config key \"" + key + "\"; known keys: "
                        + String.join(", ", KEYS.keySet()) + ", " + CONSUMER_PREFIX + "*");
            }
        });
        return new DriftExporterConfig(v.get("bind-address"), ConfigValues.integer(v, "port"),
                v.get("kafka.bootstrap-servers"), v.get("kafka.topic-prefix"), consumer,
                list(v.get("namespaces")), list(v.get("exclude-namespaces")), ConfigValues.integer(v, "max-containers"),
                KafkaClientSecurity.fromEnv(env));
    }

    public static String envName(String key) {
        return ConfigValues.envName(ENV_PREFIX, key);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
