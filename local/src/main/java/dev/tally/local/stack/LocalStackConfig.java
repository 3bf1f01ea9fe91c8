package dev.tally.local.stack;

import dev.tally.local.clickhouse.LocalClickHouseConfig;
import dev.tally.local.flink.LocalFlinkConfig;
import dev.tally.local.kafka.LocalKafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the one-machine stack keeps its data and which ports it listens on.
 *
 * @param home     the project folder (holds {@code local/clickhouse-http})
 * @param dataDir  the stack's data (default {@code <home>/.tally}): kafka/, clickhouse/, flink/
 * @param clusters clusters that get a gateway token (default: the simulated fleet's)
 */
public record LocalStackConfig(Path home, Path dataDir, int kafkaPort, int kafkaControllerPort, int clickHousePort,
                               int flinkWebUiPort, int gatewayPort, List<String> clusters, Duration checkpointInterval) {

    /** The clusters that get a gateway token when none is configured: the simulated fleet's. */
    public static final List<String> DEFAULT_CLUSTERS = List.of("aks-prod-weu", "aks-dev-weu");

    public LocalStackConfig {
        clusters = List.copyOf(clusters);
    }

    public static LocalStackConfig defaults(Path home) {
        return new LocalStackConfig(home, home.resolve(".tally"), 9092, 0, 8123, 8081, 8480, DEFAULT_CLUSTERS,
                Duration.ofSeconds(10));
    }

    LocalKafkaConfig kafka() {
        return new LocalKafkaConfig(dataDir.resolve("kafka"), kafkaPort, kafkaControllerPort);
    }

    LocalClickHouseConfig clickHouse() {
        LocalClickHouseConfig defaults = LocalClickHouseConfig.defaults(home);
        return new LocalClickHouseConfig(dataDir.resolve("clickhouse"), clickHousePort, defaults.serverDir(),
                defaults.nodeCommand());
    }

    LocalFlinkConfig flink() {
        return new LocalFlinkConfig(dataDir.resolve("flink/checkpoints"), flinkWebUiPort, 20, checkpointInterval);
    }

    /** Bearer tokens of the clusters that push to the local gateway. */
    public Path gatewayTokensFile() {
        return dataDir.resolve("gateway-tokens.properties");
    }

    /** The file a running stack describes itself in, for {@code tally down} and for tools. */
    public Path stackFile() {
        return dataDir.resolve("stack.json");
    }
}
