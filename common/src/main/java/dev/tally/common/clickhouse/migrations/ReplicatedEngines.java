package dev.tally.common.clickhouse.migrations;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration files name single-server engines ({@code MergeTree}, {@code ReplacingMergeTree(version)}).
 * In a database of ClickHouse's {@code Replicated} engine, a table of those engines would be created
 * on every replica (the database replicates DDL) but its rows would stay on the replica that
 * received them. So, there, each MergeTree-family engine becomes its {@code Replicated} twin with
 * the engine's own arguments kept and the Keeper path and replica name left out: the Replicated
 * database fills them in ({@code /clickhouse/tables/{uuid}/{shard}}, {@code {replica}}).
 * The files stay as they are (their checksums are recorded); the rewrite happens as they are sent.
 *
 * <p>Also the one way a database is created on every replica of a cluster ({@link #createDatabaseOnCluster}):
 * the migrations create the Tally database with it, the dashboards' team access the team database.
 */
public final class ReplicatedEngines {
    /** {@code ENGINE = <Family>MergeTree}, not already replicated; the family may be empty. */
    private static final Pattern MERGE_TREE_ENGINE = Pattern.compile(
            "(?i)(\\bENGINE\\s*=\\s*)(?!Replicated)([A-Za-z]*MergeTree)\\b");

    /** A database or cluster name that may be spliced into SQL as is. */
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ReplicatedEngines() {
    }

    /**
     * {@code ON CLUSTER '<cluster>'}, for a statement that must run on every replica of {@code cluster}.
     *
     * @throws IllegalArgumentException naming the cluster if it is not a plain identifier
     */
    public static String onCluster(String cluster) {
        return "ON CLUSTER '" + plainIdentifier("cluster", cluster) + "'";
    }

    /**
     * {@code database} created on every replica of {@code cluster} with the {@code Replicated} database engine,
     * which then replays every later DDL of that database on each replica. {@code {shard}} and {@code {replica}}
     * are each server's macros (the Altinity operator defines them).
     *
     * @throws IllegalArgumentException naming the database or cluster if it is not a plain identifier
     */
    public static String createDatabaseOnCluster(String database, String cluster) {
        String db = plainIdentifier("database", database);
        return "CREATE DATABASE IF NOT EXISTS " + db + " " + onCluster(cluster)
                + " ENGINE = Replicated('/clickhouse/databases/" + db + "', '{shard}', '{replica}')";
    }

    private static String plainIdentifier(String what, String name) {
        if (name == null || !PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return name;
    }

    /** {@code statement} with every MergeTree-family engine replaced by its Replicated twin. */
    public static String rewrite(String statement) {
        Matcher m = MERGE_TREE_ENGINE.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "Replicated" + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether a database engine (as {@code system.databases.engine} names it) replicates its tables' DDL. */
    public static boolean isReplicatedDatabase(String databaseEngine) {
        return "Replicated".equals(databaseEngine);
    }
}
