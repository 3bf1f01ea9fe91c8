package dev.tally.common.clickhouse.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Applies the versioned SQL files to a ClickHouse database, in order, each once, and records
 * them in {@code <database>.schema_migrations}. Re-running is safe: applied versions are
 * skipped, and an applied file whose text has changed since is refused rather than guessed at.
 *
 * <p>Not safe against two migrators running at the same moment on one database: ClickHouse has
 * no transactions for DDL. {@code tally migrate} is an operator's command, run once per deploy.
 *
 * <p>Replicas: with a {@linkplain MigrationSettings#cluster() cluster}, the database is created on
 * every replica of it ({@code ON CLUSTER}) with the {@code Replicated} engine, which replays every
 * later DDL on each replica. In a {@code Replicated} database, however it was created, every
 * statement's MergeTree-family engine is sent as its Replicated twin ({@link ReplicatedEngines}),
 * so rows written to one replica reach the others.
 */
public final class SchemaMigrations {
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<Migration> migrations;
    private final MigrationSettings settings;

    public SchemaMigrations(List<Migration> migrations, MigrationSettings settings) {
        this.migrations = List.copyOf(migrations);
        this.settings = Objects.requireNonNull(settings);
        if (!DATABASE_NAME.matcher(settings.database()).matches()) {
            throw new MigrationException("database name '" + settings.database()
                    + "' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    public static SchemaMigrations bundled(MigrationSettings settings) {
        return new SchemaMigrations(MigrationCatalog.bundled(), settings);
    }

    /**
     * @param connection any connection to the server; statements name the database explicitly,
     *                   so the connection's own default database does not matter (it may not exist yet)
     */
    public MigrationReport apply(Connection connection) {
        String db = settings.database();
        String existing = databaseEngine(connection);
        if (settings.replicated() && !existing.isEmpty() && !ReplicatedEngines.isReplicatedDatabase(existing)) {
            throw new MigrationException("database " + db + " exists with the engine " + existing
                    + ", not Replicated: its tables would not be shared by the replicas of cluster " + settings.cluster()
                    + ". Migrate into a new database, or leave the cluster out (" + MigrationSettings.CLUSTER_ENV + ") for one server");
        }
        createDatabase(connection);
        boolean replicatedDatabase = ReplicatedEngines.isReplicatedDatabase(databaseEngine(connection));
        executeSchema(connection, replicatedDatabase, """
                CREATE TABLE IF NOT EXISTS %s.schema_migrations
                (
                    version    UInt32,
                    name       String,
                    checksum   String,
                    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
                )
                ENGINE = MergeTree
                ORDER BY version""".formatted(db), "creating " + db + ".schema_migrations");

        Map<Integer, String> appliedChecksums = appliedChecksums(connection);
        List<Migration> applied = new ArrayList<>();
        List<Migration> skipped = new ArrayList<>();
        for (Migration migration : migrations) {
            String recorded = appliedChecksums.get(migration.version());
            if (recorded == null) {
                applyOne(connection, migration, replicatedDatabase);
                applied.add(migration);
            } else if (recorded.equals(migration.checksum())) {
                skipped.add(migration);
            } else {
                throw new MigrationException(migration.fileName() + " was applied to " + db
                        + " with checksum " + recorded + " but the file now has " + migration.checksum()
                        + ": applied migrations must not change; add a new file instead");
            }
        }
        return new MigrationReport(db, applied, skipped);
    }

    private void applyOne(Connection connection, Migration migration, boolean replicatedDatabase) {
        for (String statement : migration.statements(settings.placeholders())) {
            executeSchema(connection, replicatedDatabase, statement, migration.fileName());
        }
        String record = "INSERT INTO " + settings.database() + ".schema_migrations (version, name, checksum) VALUES (?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(record)) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setString(3, migration.checksum());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new MigrationException("applied " + migration.fileName() + " but could not record it: " + e.getMessage(), e);
        }
    }

    private Map<Integer, String> appliedChecksums(Connection connection) {
        Map<Integer, String> checksums = new HashMap<>();
        String query = "SELECT version, checksum FROM " + settings.database() + ".schema_migrations ORDER BY version";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                checksums.put(rows.getInt(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot read " + settings.database() + ".schema_migrations: " + e.getMessage(), e);
        }
        return checksums;
    }

    private void createDatabase(Connection connection) {
        String db = settings.database();
        if (!settings.replicated()) {
            execute(connection, "CREATE DATABASE IF NOT EXISTS " + db, "creating database " + db);
            return;
        }
        String create;
        try {
            create = ReplicatedEngines.createDatabaseOnCluster(db, settings.cluster());
        } catch (IllegalArgumentException e) {
            throw new MigrationException(e.getMessage(), e);
        }
        execute(connection, create, "creating database " + db + " on every replica of cluster " + settings.cluster());
    }

    private String databaseEngine(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT engine FROM system.databases WHERE name = ?")) {
            statement.setString(1, settings.database());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot read the engine of database " + settings.database() + ": " + e.getMessage(), e);
        }
    }

    private static void executeSchema(Connection connection, boolean replicatedDatabase, String sql, String what) {
        execute(connection, replicatedDatabase ? ReplicatedEngines.rewrite(sql) : sql, what);
    }

    private static void execute(Connection connection, String sql, String what) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new MigrationException(what + " failed: " + e.getMessage(), e);
        }
    }
}
