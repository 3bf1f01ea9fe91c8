package dev.tally.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How Tally's processes (gateway, drift exporter, the rightsizing job) read their config files and values, so all
 * take the same spellings: YAML or properties files as flat {@code a.b-c} keys, durations
 * ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, ISO-8601) and sizes (bytes, {@code KiB}…).
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    public static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** A YAML file's top-level mapping; null when the file is empty. */
    public static JsonNode readYaml(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return null;
            }
            if (!root.isObject()) {
                throw new IllegalArgumentException(file + ": the top level must be a mapping");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    public static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** Every value of a YAML or properties file under its flat key ({@code kafka.bootstrap-servers}). */
    public static Map<String, String> readFlat(Path file) {
        Map<String, String> values = new TreeMap<>();
        if (isYaml(file)) {
            JsonNode root = readYaml(file);
            if (root != null) {
                root.fields().forEachRemaining(f -> flatten(f.getKey(), f.getValue(), values));
            }
        } else {
            Properties properties = readProperties(file);
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        }
        return values;
    }

    /** Nested mappings become dotted keys; lists become comma-separated values. */
    public static void flatten(String prefix, JsonNode node, Map<String, String> values) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(prefix + "." + f.getKey(), f.getValue(), values));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            values.put(prefix, String.join(",", items));
        } else {
            values.put(prefix, node.asText());
        }
    }

    /**
     * A config file's flat values ({@link #readFlat}; none when {@code file} is null), each of
     * {@code keys} replaced by its environment variable ({@link #envName}) where that is set.
     */
    public static Map<String, String> readWithEnvironment(Path file, Map<String, String> env, String envPrefix,
                                                          Iterable<String> keys) {
        Map<String, String> values = file == null ? new TreeMap<>() : readFlat(file);
        for (String key : keys) {
            String override = env.get(envName(envPrefix, key));
            if (override != null) {
                values.put(key, override);
            }
        }
        return values;
    }

    /** The environment variable that overrides {@code key}: {@code a.b-c} → {@code PREFIX_A_B_C}. */
    public static String envName(String prefix, String key) {
        return prefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static int integer(Map<String, String> v, String key) {
        long value = size(v, key);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " is too large: " + value);
        }
        return (int) value;
    }

    /** A count or byte size: digits, optionally with KiB, MiB or GiB. */
    public static long size(Map<String, String> v, String key) {
        String s = v.get(key).replace("_", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
            if (s.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                s = s.substring(0, s.length() - suffix[0].length()).strip();
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be a whole number (optionally with KiB, MiB or GiB), was \"" + v.get(key) + "\"");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
    public static Duration duration(Map<String, String> v, String key) {
        String s = v.get(key).strip();
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s);
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1).strip());
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration like 500ms, 30s, 10m, 1h or PT30S, was \"" + s + "\"");
        }
    }

    /** The shortest of the spellings {@link #duration} reads, e.g. {@code 30s}, {@code 10m}. */
    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
