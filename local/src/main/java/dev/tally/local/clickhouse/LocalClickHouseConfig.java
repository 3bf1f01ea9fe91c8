package dev.tally.local.clickhouse;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the local ClickHouse endpoint.
 *
 * @param dataDir     where the engine keeps its databases; survives restarts
 * @param port        HTTP port on 127.0.0.1; 0 picks a free one
 * @param serverDir   the {@code local/clickhouse-http} folder (server.js and its node_modules)
 * @param nodeCommand the Node.js executable, {@code node} (looked up on PATH) unless given
 * @param configFile  a ClickHouse configuration file for the engine ({@code --config-file}), or null for the
 *                    engine's defaults (one user, {@code default}, allowed everything). With one whose users
 *                    file redefines {@code default} (grants, row policies, a read-only profile), every query
 *                    of this endpoint runs as that user: how the per-team isolation is tested
 *                    (dashboards/README.md), since the endpoint cannot authenticate a request as a user
 */
public record LocalClickHouseConfig(Path dataDir, int port, Path serverDir, String nodeCommand, Path configFile) {

    public static final int DEFAULT_PORT = 8123;
    public static final String DEFAULT_NODE_COMMAND = "node";

    public LocalClickHouseConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(serverDir, "serverDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 (0 picks a free port), not " + port);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        serverDir = serverDir.toAbsolutePath().normalize();
        nodeCommand = nodeCommand == null || nodeCommand.isBlank() ? DEFAULT_NODE_COMMAND : nodeCommand;
        configFile = configFile == null ? null : configFile.toAbsolutePath().normalize();
    }

    public LocalClickHouseConfig(Path dataDir, int port, Path serverDir, String nodeCommand) {
        this(dataDir, port, serverDir, nodeCommand, null);
    }

    /** The stack's usual setup: data in {@code <home>/.tally/clickhouse}, ClickHouse's port 8123. */
    public static LocalClickHouseConfig defaults(Path projectHome) {
        Path home = projectHome.toAbsolutePath().normalize();
        return new LocalClickHouseConfig(home.resolve(".tally").resolve("clickhouse"), DEFAULT_PORT,
                home.resolve("local").resolve("clickhouse-http"), DEFAULT_NODE_COMMAND);
    }

    public LocalClickHouseConfig withDataDir(Path otherDataDir) {
        return new LocalClickHouseConfig(otherDataDir, port, serverDir, nodeCommand, configFile);
    }

    public LocalClickHouseConfig withPort(int otherPort) {
        return new LocalClickHouseConfig(dataDir, otherPort, serverDir, nodeCommand, configFile);
    }

    public LocalClickHouseConfig withServerDir(Path otherServerDir) {
        return new LocalClickHouseConfig(dataDir, port, otherServerDir, nodeCommand, configFile);
    }

    public LocalClickHouseConfig withConfigFile(Path otherConfigFile) {
        return new LocalClickHouseConfig(dataDir, port, serverDir, nodeCommand, otherConfigFile);
    }

    /** The server script inside {@link #serverDir()}. */
    public Path serverScript() {
        return serverDir.resolve("server.js");
    }
}
