package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What users can read from one Tally database after a run: every {@code *_latest} / {@code *_current}
 * view (what the dashboards, the CLI and the report read), each as its rows in a canonical order.
 * Fault tests take one after an uninterrupted run and one after the run with a fault, and require
 * them to be equal: a fault must neither lose nor double a number.
 *
 * <p>Bookkeeping columns that legitimately differ between two runs of the same input (when a row
 * was written, which import wrote it, the write's version counter) are left out; every number and
 * every key stays in.
 */
public record PipelineSnapshot(Map<String, List<String>> rowsByView) {

    /** Columns that say when or by which attempt a row was written, not what it says. */
    public static final Set<String> BOOKKEEPING_COLUMNS = Set.of(
            "version", "state_version", "computed_at", "imported_at", "import_id", "loaded_at", "generated_at");

    /** Reads every user-facing view of {@code database}, leaving out {@link #BOOKKEEPING_COLUMNS} and {@code alsoLeaveOut}. */
    public static PipelineSnapshot of(ClickHouseUrl database, String... alsoLeaveOut) throws SQLException {
        Set<String> leaveOut = new LinkedHashSet<>(BOOKKEEPING_COLUMNS);
        leaveOut.addAll(List.of(alsoLeaveOut));
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection connection = database.open()) {
            for (String view : views(connection, database.database())) {
                rows.put(view, rowsOf(connection, database.database(), view, leaveOut));
            }
        }
        return new PipelineSnapshot(rows);
    }

    /** What a wait for a settled pipeline checks each round: what is still missing, or null when nothing is. */
    interface Readiness {
        String missing() throws Exception;
    }

    /**
     * Waits until nothing is missing and then no view changes for {@code stableFor} (a double count or
     * a late recomputation would show by then); the views then. Fails at {@code timeout} naming what
     * was still missing.
     */
    static PipelineSnapshot awaitSettled(ClickHouseUrl database, Readiness readiness, Duration stableFor, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        PipelineSnapshot last = null;
        Instant unchangedSince = Instant.now();
        String missing = "nothing checked yet";
        while (Instant.now().isBefore(deadline)) {
            missing = readiness.missing();
            if (missing == null) {
                PipelineSnapshot now = of(database);
                if (!now.equals(last)) {
                    last = now;
                    unchangedSince = Instant.now();
                } else if (Duration.between(unchangedSince, Instant.now()).compareTo(stableFor) >= 0) {
                    return now;
                }
                missing = "views still changing";
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the pipeline did not settle within " + timeout + ": " + missing);
    }

    /** Rows per view, for a test's own figures (e.g. that the run did produce allocation rows). */
    public int rowCount(String view) {
        List<String> rows = rowsByView.get(view);
        if (rows == null) {
            throw new IllegalArgumentException("no view " + view + " in the snapshot; views: " + rowsByView.keySet());
        }
        return rows.size();
    }

    /**
     * Fails, naming the view and the first differing rows, unless {@code actual} holds exactly the
     * rows of this snapshot (the uninterrupted run's) in every view.
     */
    public void assertSameAs(PipelineSnapshot actual, String faultDescription) {
        assertThat(actual.rowsByView.keySet()).as("views after %s", faultDescription).isEqualTo(rowsByView.keySet());
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, List<String>> view : rowsByView.entrySet()) {
            List<String> expected = view.getValue();
            List<String> got = actual.rowsByView.get(view.getKey());
            if (!expected.equals(got)) {
                differences.add(describe(view.getKey(), expected, got));
            }
        }
        assertThat(differences)
                .as("views that differ from the uninterrupted run after %s", faultDescription)
                .isEmpty();
    }

    private static String describe(String view, List<String> expected, List<String> got) {
        Set<String> missing = new LinkedHashSet<>(expected);
        got.forEach(missing::remove);
        Set<String> extra = new LinkedHashSet<>(got);
        expected.forEach(extra::remove);
        return view + ": " + expected.size() + " rows expected, " + got.size() + " found; "
                + "missing " + missing.stream().limit(5).collect(Collectors.toList())
                + (missing.size() > 5 ? " (+" + (missing.size() - 5) + " more)" : "")
                + ", unexpected " + extra.stream().limit(5).collect(Collectors.toList())
                + (extra.size() > 5 ? " (+" + (extra.size() - 5) + " more)" : "");
    }

    private static List<String> views(Connection connection, String database) throws SQLException {
        List<String> views = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name FROM system.tables WHERE database = ? AND engine = 'View'"
                        + " AND (endsWith(name, '_latest') OR endsWith(name, '_current')) ORDER BY name")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    views.add(result.getString(1));
                }
            }
        }
        return views;
    }

    private static List<String> rowsOf(Connection connection, String database, String view, Set<String> leaveOut)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name FROM system.columns WHERE database = ? AND table = ? ORDER BY position")) {
            statement.setString(1, database);
            statement.setString(2, view);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (!leaveOut.contains(result.getString(1))) {
                        columns.add(result.getString(1));
                    }
                }
            }
        }
        // Identifiers come from system.columns of our own schema; each is quoted all the same.
        String select = columns.stream().map(c -> "toString(`" + c + "`)").collect(Collectors.joining(", "));
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT " + select + " FROM `" + database + "`.`" + view + "`")) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(columns.get(i - 1)).append('=').append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }
}
