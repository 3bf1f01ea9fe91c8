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
 */
public final class ReplicatedEngines {
    /** {@code ENGINE = <Family>MergeTree}, not already replicated; the family may be empty. */
    private static final Pattern MERGE_TREE_ENGINE = Pattern.compile(
            "(?i)(\\bENGINE\\s*=\\s*)(?!Replicated)([A-Za-z]*MergeTree)\\b");

    private ReplicatedEngines() {
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
