package dev.tally.local.costs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;
import dev.tally.local.cli.TallyCli;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.kafka.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally costs import} and {@code tally costs runs}: printed counts, exit codes, the run list. */
class CostsCommandIT {
    @TempDir
    Path first;
    @TempDir
    Path second;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Three good rows (costs 1.01, 1.02, 1.03 + shift) and one with an unknown ChargeType. */
    static List<ExportFixture.Row> rowsWithOneBad(String base) {
        List<ExportFixture.Row> rows = new ArrayList<>(ExportFixture.month(3, "aks-pool1-1-vmss", base, "EUR"));
        rows.add(new ExportFixture.Row(LocalDate.of(2024, 1, 2), "aks-pool1-1-vmss", new BigDecimal("9"), "EUR", "Bogus"));
        return rows;
    }

    @Test
    void importPrintsTheCountsFailsOnRejectionsBeyondTheThresholdAndRunsListsStatusAndTotals() throws Exception {
        ClickHouseUrl url = TestClickHouse.createDatabase("it_costs_cli");
        try (Connection c = url.open()) {
            SchemaMigrations.bundled(MigrationSettings.defaults().withDatabase(url.database())).apply(c);
        }
        String[] endpoints = {"--clickhouse", url.httpUrl(), "--database", url.database(), "--kafka", TestKafka.bootstrapServers()};
        String run1 = UUID.randomUUID().toString();
        String run2 = UUID.randomUUID().toString();
        ExportFixture.run(first, "monthly", run1, Instant.parse("2024-02-01T06:00:00Z"), false, List.of(rowsWithOneBad("1.00")));
        ExportFixture.run(second, "monthly", run2, Instant.parse("2024-02-02T06:00:00Z"), true, List.of(rowsWithOneBad("2.00")));

        Result strict = run(concat(new String[] {"costs", "import", first.toString()}, endpoints));

        assertThat(strict.exit).as(strict.out + strict.err).isEqualTo(1);
        assertThat(strict.out).contains("importing run " + run1).contains("Rows: read 4, imported 3, rejected 1")
                .contains(ExportFixture.SCOPE + " AmortizedCost 20240101-20240131 run " + run1
                        + " complete, read 4, imported 3, rejected 1")
                .contains("Runs: 1 (1 complete, 0 held, 0 superseded, 0 already imported, 0 failed)");
        assertThat(strict.err.strip()).isEqualTo("tally costs import: 1 row(s) rejected, more than the 0 tolerated"
                + " (see tally.deadletter.v1; --tolerate-rejections N to accept)");

        Result tolerant = run(concat(new String[] {"costs", "import", second.toString(), "--tolerate-rejections", "1"}, endpoints));

        assertThat(tolerant.exit).as(tolerant.out + tolerant.err).isZero();
        assertThat(tolerant.out).contains("Rows: read 4, imported 3, rejected 1").contains("supersedes run " + run1);

        Result again = run(concat(new String[] {"costs", "import", second.toString()}, endpoints));
        assertThat(again.exit).isZero();
        assertThat(again.out).contains("Rows: read 0, imported 0, rejected 0").contains("1 already imported");

        Result missing = run(concat(new String[] {"costs", "import", second.resolve("nope").toString()}, endpoints));
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.err).contains("tally costs import: " + second.resolve("nope") + ": no such file or folder");

        Result runs = run("costs", "runs", "--clickhouse", url.httpUrl(), "--database", url.database());
        assertThat(runs.exit).as(runs.err).isZero();
        assertThat(runs.out.lines().filter(l -> l.contains(run2) && !l.contains("superseded by")).findFirst().orElseThrow())
                .contains(ExportFixture.SCOPE).contains("AmortizedCost").contains("20240101-20240131").contains("complete")
                .contains("EUR 6.06 / 6.06");
        assertThat(runs.out.lines().filter(l -> l.contains("superseded by " + run2)).findFirst().orElseThrow())
                .contains(run1).contains("EUR 3.06 / 3.06");
    }

    @Test
    void withoutEndpointOptionsTheRunningStacksStackJsonSaysWhereClickHouseAndKafkaAre(@TempDir Path data) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CLICKHOUSE_URL") == null
                && System.getenv("TALLY_KAFKA_BOOTSTRAP") == null && System.getenv("TALLY_KAFKA_BOOTSTRAP_SERVERS") == null, "endpoint variables set: they take precedence over stack.json");
        ClickHouseUrl url = TestClickHouse.createDatabase("it_costs_stack");
        try (Connection c = url.open()) {
            SchemaMigrations.bundled(MigrationSettings.defaults().withDatabase(url.database())).apply(c);
        }
        // this JVM stands in for the stack's process, so the file counts as a running stack's
        new dev.tally.local.stack.StackFile(ProcessHandle.current().pid(), List.of(), TestKafka.bootstrapServers(),
                "http://127.0.0.1:1", url.httpUrl() + "/" + url.database(), "http://127.0.0.1:1", data.toString())
                .write(data.resolve("stack.json"));
        String runId = UUID.randomUUID().toString();
        ExportFixture.run(first, "monthly", runId, Instant.parse("2024-02-01T06:00:00Z"), false,
                List.of(ExportFixture.month(31, "aks-pool1-1-vmss", "1.00", "EUR")));

        Result imported = run("costs", "import", first.toString(), "--data", data.toString());
        Result runs = run("costs", "runs", "--data", data.toString());

        assertThat(imported.exit).as(imported.out + imported.err).isZero();
        assertThat(imported.out).contains("Rows: read 31, imported 31, rejected 0");
        assertThat(runs.out).contains(runId).contains("complete").contains("EUR 35.96 / 35.96");
    }

    @Test
    void aDatabaseWithoutTheSchemaIsOneLineSayingToMigrate() throws Exception {
        ClickHouseUrl url = TestClickHouse.createDatabase("it_costs_bare");

        Result runs = run("costs", "runs", "--clickhouse", url.httpUrl(), "--database", url.database());

        assertThat(runs.exit).isEqualTo(1);
        assertThat(runs.err.lines()).hasSize(1);
        assertThat(runs.err).startsWith("tally costs runs: cannot read " + url.database() + ".cost_export_runs_latest")
                .contains("(schema not migrated? run: tally migrate)");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
