package dev.tally.local.stack;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationReport;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.IngestGateway;
import dev.tally.ingest.gateway.kafka.KafkaSettings;
import dev.tally.local.clickhouse.LocalClickHouse;
import dev.tally.local.flink.LocalFlink;
import dev.tally.local.kafka.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole one-machine stack: Kafka (KRaft, in this JVM), the ingest gateway (in this JVM),
 * the local ClickHouse endpoint (a child process), the Flink MiniCluster (in this JVM), and the
 * schema migrated. Started
 * in that order, stopped in reverse; only one stack per data folder runs at a time.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalStackConfig config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private LocalKafka kafka;
    private IngestGateway gateway;
    private GatewayTokens gatewayTokens;
    private LocalClickHouse clickHouse;
    private LocalFlink flink;
    private MigrationReport migrations;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    /**
     * @param progress told each step as it starts, in words for a person watching
     */
    public static LocalStack start(LocalStackConfig config, Consumer<String> progress) {
        return start(config, progress, UnaryOperator.identity());
    }

    /**
     * As {@link #start(LocalStackConfig, Consumer)}, with the gateway's configuration adjusted (e.g. shorter
     * Kafka timeouts, so a fault test's broker restart turns into 503s within seconds).
     */
    public static LocalStack start(LocalStackConfig config, Consumer<String> progress, UnaryOperator<GatewayConfig> gateway) {
        StackFile.read(config.stackFile()).filter(StackFile::isRunning).ifPresent(running -> {
            throw new LocalStackException("a local stack (pid " + running.pid() + ") already runs on "
                    + config.dataDir() + ": stop it with ./tally down, or use another --data folder");
        });
        LocalStack stack = new LocalStack(config);
        try {
            Files.createDirectories(config.dataDir());
            progress.accept("starting Kafka (KRaft) on port " + config.kafkaPort());
            stack.kafka = stack.remember(LocalKafka.start(config.kafka()));
            progress.accept("starting the ingest gateway on port " + config.gatewayPort());
            stack.gatewayTokens = GatewayTokens.loadOrCreate(config.gatewayTokensFile(), config.clusters());
            stack.gateway = stack.remember(IngestGateway.start(gateway.apply(GatewayConfig.defaults()
                    .withBind("127.0.0.1", config.gatewayPort())
                    .withKafka(KafkaSettings.defaults().withBootstrapServers(stack.kafka.bootstrapServers()))
                    .withClusters(stack.gatewayTokens.credentials()))));
            progress.accept("starting ClickHouse (chdb) on port " + config.clickHousePort());
            stack.clickHouse = stack.remember(LocalClickHouse.start(config.clickHouse()));
            progress.accept("migrating the ClickHouse schema");
            stack.migrations = migrate(stack.clickHouseUrl(), MigrationSettings.defaults());
            progress.accept("starting Flink (MiniCluster) with its Web UI on port " + config.flinkWebUiPort());
            stack.flink = stack.remember(LocalFlink.start(config.flink()));
            stack.describeYourself();
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LocalStackException("cannot use data folder " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the bundled migrations to the server at {@code url}, into {@code settings.database()}.
     * The connection uses the server's {@code default} database, since Tally's may not exist yet.
     */
    public static MigrationReport migrate(ClickHouseUrl url, MigrationSettings settings) {
        ClickHouseUrl server = url.withDatabase("default");
        try {
            server.ping(Duration.ofSeconds(10));
        } catch (SQLException e) {
            throw new LocalStackException(e.getMessage(), e);
        }
        try (Connection connection = server.open()) {
            return SchemaMigrations.bundled(settings).apply(connection);
        } catch (SQLException e) {
            throw new LocalStackException("cannot use ClickHouse at " + server + ": " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.add(component);
        return component;
    }

    private void describeYourself() throws IOException {
        List<Long> children = new ArrayList<>();
        children.add(clickHouse.pid());
        new StackFile(ProcessHandle.current().pid(), children, kafka.bootstrapServers(), gateway.url().toString(),
                clickHouse.url(), flink.webUi().toString(), config.dataDir().toString()).write(config.stackFile());
    }

    public LocalStackConfig config() {
        return config;
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public IngestGateway gateway() {
        return gateway;
    }

    public GatewayTokens gatewayTokens() {
        return gatewayTokens;
    }

    public LocalClickHouse clickHouse() {
        return clickHouse;
    }

    public ClickHouseUrl clickHouseUrl() {
        return ClickHouseUrl.parse(clickHouse.url()).withDatabase(MigrationSettings.DEFAULT_DATABASE);
    }

    public LocalFlink flink() {
        return flink;
    }

    public MigrationReport migrations() {
        return migrations;
    }

    /** Stops the ClickHouse endpoint as an outage would (fault tests); {@link #startClickHouseAgain} brings it back. */
    public void stopClickHouse() {
        clickHouse.close();
    }

    /** Starts the ClickHouse endpoint again on the port and data folder it had. */
    public void startClickHouseAgain() throws IOException {
        LocalClickHouse again = LocalClickHouse.start(clickHouse.sameAgain());
        started.set(started.indexOf(clickHouse), again);
        clickHouse = again;
        describeYourself(); // the child's pid changed
    }

    /**
     * Stops the Kafka broker as a broker restart would (fault tests); the gateway answers 503 with
     * Retry-After meanwhile. {@link #startKafkaAgain} brings it back.
     */
    public void stopKafka() {
        kafka.close();
    }

    /** Starts the Kafka broker again on the client port and data folder it had; its clients reconnect by themselves. */
    public void startKafkaAgain() {
        LocalKafka again = LocalKafka.start(kafka.sameAgain());
        started.set(started.indexOf(kafka), again);
        kafka = again;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("tally: stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        started.clear();
        try {
            StackFile.read(config.stackFile())
                    .filter(file -> file.pid() == ProcessHandle.current().pid())
                    .ifPresent(file -> deleteQuietly(config));
        } catch (LocalStackException ignored) {
            // an unreadable stack file is not ours to delete
        }
    }

    private static void deleteQuietly(LocalStackConfig config) {
        try {
            Files.deleteIfExists(config.stackFile());
        } catch (IOException ignored) {
            // a stale file is detected by its dead pid on the next start
        }
    }
}
