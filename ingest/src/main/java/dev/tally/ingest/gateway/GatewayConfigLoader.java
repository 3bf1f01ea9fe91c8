package dev.tally.ingest.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.common.config.ConfigValues;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.ingest.gateway.kafka.KafkaSettings;
import dev.tally.ingest.gateway.limits.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Loads a {@link GatewayConfig} from a YAML ({@code .yaml}/{@code .yml}) or properties file, then applies
 * environment overrides: each key {@code a.b-c} is {@code TALLY_GATEWAY_A_B_C}. Raw tokens come only from
 * the environment or a file named there ({@code TALLY_GATEWAY_TOKENS}, {@code TALLY_GATEWAY_TOKENS_FILE}:
 * {@code cluster-id=token}, comma- or line-separated); they are hashed at once and never kept or logged.
 * Unknown keys are errors, so a typo does not silently fall back to a default.
 */
public final class GatewayConfigLoader {

    public static final String ENV_PREFIX = "TALLY_GATEWAY_";
    public static final String ENV_CONFIG_FILE = ENV_PREFIX + "CONFIG";
    public static final String ENV_TOKENS = ENV_PREFIX + "TOKENS";
    public static final String ENV_TOKENS_FILE = ENV_PREFIX + "TOKENS_FILE";
    /** The TLS key store's password: environment only (or {@code tls.keystore-password-file}), never the config file. */
    public static final String ENV_TLS_KEYSTORE_PASSWORD = ENV_PREFIX + "TLS_KEYSTORE_PASSWORD";

    /** Every fixed key with its default, in README order. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        GatewayConfig d = GatewayConfig.defaults();
        Limits l = d.limits();
        KafkaSettings k = d.kafka();
        KEYS.put("bind-address", d.bindAddress());
        KEYS.put("port", Integer.toString(d.port()));
        KEYS.put("retry-after", format(d.retryAfter()));
        KEYS.put("kafka.bootstrap-servers", k.bootstrapServers());
        KEYS.put("kafka.delivery-timeout", format(k.deliveryTimeout()));
        KEYS.put("kafka.request-timeout", format(k.requestTimeout()));
        KEYS.put("kafka.max-block", format(k.maxBlock()));
        KEYS.put("kafka.compression", k.compression());
        KEYS.put("kafka.topic-prefix", k.topicPrefix());
        KEYS.put("limits.max-compressed-bytes", Long.toString(l.maxCompressedBytes()));
        KEYS.put("limits.max-decompressed-bytes", Long.toString(l.maxDecompressedBytes()));
        KEYS.put("limits.max-series-per-request", Integer.toString(l.maxSeriesPerRequest()));
        KEYS.put("limits.max-labels-per-series", Integer.toString(l.maxLabelsPerSeries()));
        KEYS.put("limits.max-label-name-length", Integer.toString(l.maxLabelNameLength()));
        KEYS.put("limits.max-label-value-length", Integer.toString(l.maxLabelValueLength()));
        KEYS.put("limits.max-future-skew", format(l.maxFutureSkew()));
        KEYS.put("limits.max-active-series-per-cluster", Integer.toString(l.maxActiveSeriesPerCluster()));
        KEYS.put("limits.active-series-window", format(l.activeSeriesWindow()));
        KEYS.put("limits.max-in-flight-bytes", Long.toString(l.maxInFlightBytes()));
        KEYS.put("tls.keystore", "");
        KEYS.put("tls.keystore-type", "PKCS12");
        KEYS.put("tls.keystore-password-file", "");
    }

    private GatewayConfigLoader() {
    }

    /** From {@code file} (may be null: defaults only) and the process environment. */
    public static GatewayConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static GatewayConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        Map<String, ClusterEntry> clusters = new LinkedHashMap<>();
        if (file != null) {
            readFile(file, values, clusters);
        }
        for (String key : KEYS.keySet()) {
            String override = env.get(envName(key));
            if (override != null) {
                values.put(key, override);
            }
        }
        List<String[]> rawTokens = new ArrayList<>();
        if (env.get(ENV_TOKENS) != null) {
            rawTokens.addAll(parseTokens(env.get(ENV_TOKENS), ENV_TOKENS));
        }
        if (env.get(ENV_TOKENS_FILE) != null) {
            Path tokensFile = Path.of(env.get(ENV_TOKENS_FILE));
            try {
                rawTokens.addAll(parseTokens(Files.readString(tokensFile, StandardCharsets.UTF_8), tokensFile.toString()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + ENV_TOKENS_FILE + " " + tokensFile + ": " + e.getMessage(), e);
            }
        }
        for (String[] idAndToken : rawTokens) {
            clusters.computeIfAbsent(idAndToken[0], id -> new ClusterEntry()).hashes.add(TokenHash.sha256Hex(idAndToken[1]));
        }
        return build(values, clusters, env);
    }

    public static String envName(String key) {
        return ConfigValues.envName(ENV_PREFIX, key);
    }

    private static final class ClusterEntry {
        boolean enabled = true;
        final List<String> hashes = new ArrayList<>();
    }

    private static GatewayConfig build(Map<String, String> values, Map<String, ClusterEntry> clusters, Map<String, String> env) {
        Map<String, String> extra = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("kafka.producer.")) {
                extra.put(key.substring("kafka.producer.".length()), e.getValue());
            } else if (key.equals("tls.keystore-password")) {
                throw new IllegalArgumentException("tls.keystore-password does not belong in the config file: set "
                        + ENV_TLS_KEYSTORE_PASSWORD + " or tls.keystore-password-file");
            } else if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("unknown gateway config key \"" + key + "\"; known keys: "
                        + String.join(", ", KEYS.keySet()) + ", kafka.producer.*, clusters.<id>.token-sha256, clusters.<id>.enabled");
            }
        }
        Map<String, String> v = new LinkedHashMap<>(KEYS);
        values.forEach((key, value) -> {
            if (KEYS.containsKey(key)) {
                v.put(key, value.strip());
            }
        });
        Limits limits = new Limits(
                size(v, "limits.max-compressed-bytes"),
                size(v, "limits.max-decompressed-bytes"),
                integer(v, "limits.max-series-per-request"),
                integer(v, "limits.max-labels-per-series"),
                integer(v, "limits.max-label-name-length"),
                integer(v, "limits.max-label-value-length"),
                duration(v, "limits.max-future-skew"),
                integer(v, "limits.max-active-series-per-cluster"),
                duration(v, "limits.active-series-window"),
                size(v, "limits.max-in-flight-bytes"));
        KafkaSettings kafka = new KafkaSettings(
                v.get("kafka.bootstrap-servers"),
                duration(v, "kafka.delivery-timeout"),
                duration(v, "kafka.request-timeout"),
                duration(v, "kafka.max-block"),
                v.get("kafka.compression"),
                extra,
                v.get("kafka.topic-prefix"),
                KafkaClientSecurity.fromEnv(env));
        List<ClusterCredentials> credentials = new ArrayList<>();
        clusters.forEach((id, entry) -> credentials.add(new ClusterCredentials(id, entry.enabled, entry.hashes)));
        return new GatewayConfig(v.get("bind-address"), integer(v, "port"), kafka, limits, duration(v, "retry-after"), credentials,
                tls(v, env.get(ENV_TLS_KEYSTORE_PASSWORD)));
    }

    /** Null unless {@code tls.keystore} is set; then the key store must be readable and have a password. */
    private static GatewayTls tls(Map<String, String> v, String passwordFromEnv) {
        String keyStore = v.get("tls.keystore");
        if (keyStore.isEmpty()) {
            return null;
        }
        Path keyStorePath = Path.of(keyStore);
        if (!Files.isReadable(keyStorePath)) {
            throw new IllegalArgumentException("tls.keystore " + keyStorePath + " is not a readable file");
        }
        String passwordFile = v.get("tls.keystore-password-file");
        String password;
        if (passwordFromEnv != null) {
            password = passwordFromEnv;
        } else if (!passwordFile.isEmpty()) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                // the exception's message names the file, never its content
                throw new IllegalArgumentException("cannot read tls.keystore-password-file " + passwordFile + ": " + e, e);
            }
        } else {
            throw new IllegalArgumentException("tls.keystore " + keyStorePath + " needs a password: set "
                    + ENV_TLS_KEYSTORE_PASSWORD + " or tls.keystore-password-file");
        }
        return new GatewayTls(keyStorePath, v.get("tls.keystore-type"), password);
    }

    private static void readFile(Path file, Map<String, String> values, Map<String, ClusterEntry> clusters) {
        if (ConfigValues.isYaml(file)) {
            JsonNode root = ConfigValues.readYaml(file);
            if (root == null) {
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("clusters")) {
                    readClusters(file, field.getValue(), clusters);
                } else {
                    ConfigValues.flatten(field.getKey(), field.getValue(), values);
                }
            }
        } else {
            Properties properties = ConfigValues.readProperties(file);
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key);
                if (key.startsWith("clusters.")) {
                    int dot = key.lastIndexOf('.');
                    String id = key.substring("clusters.".length(), Math.max(dot, "clusters.".length()));
                    String field = key.substring(dot + 1);
                    clusterField(file, id, field, List.of(value.split(",")), clusters);
                } else {
                    values.put(key, value);
                }
            }
        }
    }

    private static void readClusters(Path file, JsonNode node, Map<String, ClusterEntry> clusters) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + ": clusters must map cluster ids to {token-sha256: [...], enabled: true}");
        }
        Iterator<Map.Entry<String, JsonNode>> ids = node.fields();
        while (ids.hasNext()) {
            Map.Entry<String, JsonNode> cluster = ids.next();
            Iterator<Map.Entry<String, JsonNode>> fields = cluster.getValue().fields();
            clusters.computeIfAbsent(cluster.getKey(), id -> new ClusterEntry());
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<String> items = new ArrayList<>();
                if (field.getValue().isArray()) {
                    field.getValue().forEach(item -> items.add(item.asText()));
                } else {
                    items.add(field.getValue().asText());
                }
                clusterField(file, cluster.getKey(), field.getKey(), items, clusters);
            }
        }
    }

    private static void clusterField(Path file, String id, String field, List<String> items, Map<String, ClusterEntry> clusters) {
        ClusterEntry entry = clusters.computeIfAbsent(id, x -> new ClusterEntry());
        switch (field) {
            case "token-sha256" -> items.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(entry.hashes::add);
            case "enabled" -> entry.enabled = Boolean.parseBoolean(items.get(0).strip());
            default -> throw new IllegalArgumentException(file + ": unknown key \"" + field + "\" for cluster " + id
                    + " (known: token-sha256, enabled; raw tokens belong in " + ENV_TOKENS + " or " + ENV_TOKENS_FILE + ")");
        }
    }

    private static final java.util.regex.Pattern COMMENT = java.util.regex.Pattern.compile("(^|\\s)#.*$");

    private static List<String[]> parseTokens(String text, String source) {
        List<String[]> out = new ArrayList<>();
        StringBuilder entries = new StringBuilder();
        for (String line : text.split("\\n")) {
            // a comment (a # at the line's start or after a space) runs to the end of its line, commas
            // and all; a # inside a token is part of the token
            entries.append(COMMENT.matcher(line).replaceFirst("")).append(',');
        }
        for (String item : entries.toString().split(",")) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                // never echo the item: it may be a token
                throw new IllegalArgumentException(source + ": each entry must be cluster-id=token");
            }
            out.add(new String[] {trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip()});
        }
        return out;
    }

    private static int integer(Map<String, String> v, String key) {
        return ConfigValues.integer(v, key);
    }

    static long size(Map<String, String> v, String key) {
        return ConfigValues.size(v, key);
    }

    static Duration duration(Map<String, String> v, String key) {
        return ConfigValues.duration(v, key);
    }

    static String format(Duration d) {
        return ConfigValues.format(d);
    }
}
