package dev.tally.local.cli;

import dev.tally.local.stack.LocalStackConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Ports and data folder of the local stack, shared by {@code up}, {@code down} and {@code demo}. */
final class StackOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "data folder of the stack (default: <project>/.tally; env TALLY_DATA)",
            defaultValue = "${env:TALLY_DATA}")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:TALLY_KAFKA_PORT:-9092}",
            description = "Kafka listener port (default: ${DEFAULT-VALUE}; env TALLY_KAFKA_PORT; 0 = any free port)")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "${env:TALLY_KAFKA_CONTROLLER_PORT:-0}",
            description = "Kafka's KRaft controller port (default: any free port; env TALLY_KAFKA_CONTROLLER_PORT)")
    int kafkaControllerPort;

    @Option(names = "--clickhouse-port", paramLabel = "PORT", defaultValue = "${env:TALLY_CLICKHOUSE_PORT:-8123}",
            description = "ClickHouse HTTP port (default: ${DEFAULT-VALUE}; env TALLY_CLICKHOUSE_PORT; 0 = any free port)")
    int clickHousePort;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "${env:TALLY_GATEWAY_PORT:-8480}",
            description = "ingest gateway port, where clusters push remote_write and OTLP (default: ${DEFAULT-VALUE}; env TALLY_GATEWAY_PORT; 0 = any free port)")
    int gatewayPort;

    @Option(names = "--flink-port", paramLabel = "PORT", defaultValue = "${env:TALLY_FLINK_PORT:-8081}",
            description = "Flink Web UI port (default: ${DEFAULT-VALUE}; env TALLY_FLINK_PORT; 0 = any free port)")
    int flinkPort;

    LocalStackConfig toConfig(Path home, Path defaultDataDir, Duration checkpointInterval) {
        Path data = dataDir != null ? dataDir.toAbsolutePath() : defaultDataDir;
        return new LocalStackConfig(home, data, kafkaPort, kafkaControllerPort, clickHousePort, flinkPort, gatewayPort,
                LocalStackConfig.DEFAULT_CLUSTERS, checkpointInterval);
    }
}
