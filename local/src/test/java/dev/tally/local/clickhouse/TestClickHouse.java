package dev.tally.local.clickhouse;

import dev.tally.local.stack.DataFolder;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The ClickHouse that tests use, one per test JVM.
 *
 * <p>With {@code CLICKHOUSE_URL} set (e.g. {@code http://default:secret@ch:8123}), tests run against
 * that real server. Otherwise the first caller starts a {@link LocalClickHouse} on a free port with
 * a temporary data directory, which every later caller shares and which stops when the JVM exits.
 * If chDB is not installed the tests fail with the server's message saying how to install it
 * (CI installs it through {@code ./tally test}); they are never skipped.
 */
public final class TestClickHouse {

    public static final String URL_ENV = "CLICKHOUSE_URL";

    private static ClickHouseUrl server;
    private static RuntimeException startFailure;

    private TestClickHouse() {
    }

    /** Whether tests run against a real server named by {@code CLICKHOUSE_URL}. */
    public static boolean isExternal() {
        String url = System.getenv(URL_ENV);
        return url != null && !url.isBlank();
    }

    /** The shared server, with {@code default} as the connection database. */
    public static synchronized ClickHouseUrl server() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (server == null) {
            try {
                server = isExternal()
                        ? ClickHouseUrl.parse(System.getenv(URL_ENV)).withDatabase("default")
                        : startLocal().clickHouseUrl().withDatabase("default");
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return server;
    }

    /** Creates an empty database with a unique name starting with {@code prefix} and returns its URL. */
    public static ClickHouseUrl createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = server().open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return server().withDatabase(name);
    }

    /** A new database as {@link #createDatabase} gives, with Tally's schema migrated into it. */
    public static ClickHouseUrl migratedDatabase(String prefix) throws SQLException {
        return migratedDatabase(prefix, UnaryOperator.identity());
    }

    /** The same, migrated with other settings than the defaults (e.g. a longer retention for old fixtures). */
    public static ClickHouseUrl migratedDatabase(String prefix, UnaryOperator<MigrationSettings> settings) throws SQLException {
        ClickHouseUrl url = createDatabase(prefix);
        try (Connection connection = url.open()) {
            SchemaMigrations.bundled(settings.apply(MigrationSettings.defaults().withDatabase(url.database()))).apply(connection);
        }
        return url;
    }

    /** The Tally checkout: the {@code tally.home} property Maven sets, else found from the working directory. */
    public static Path projectHome() {
        String property = System.getProperty("tally.home");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("local/clickhouse-http/server.js"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Tally checkout (local/clickhouse-http/server.js) above "
                + Paths.get("").toAbsolutePath() + ": set -Dtally.home");
    }

    /** A local endpoint configuration on a free port with a new temporary data directory. */
    public static LocalClickHouseConfig temporaryConfig() {
        try {
            Path dataDir = Files.createTempDirectory("tally-clickhouse-test-");
            return LocalClickHouseConfig.defaults(projectHome()).withDataDir(dataDir).withPort(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalClickHouse startLocal() {
        LocalClickHouseConfig config = temporaryConfig();
        LocalClickHouse local;
        try {
            local = LocalClickHouse.start(config);
        } catch (RuntimeException e) {
            DataFolder.deleteRecursively(config.dataDir());
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            local.close();
            DataFolder.deleteRecursively(config.dataDir());
        }, "test-clickhouse-cleanup"));
        return local;
    }


}
