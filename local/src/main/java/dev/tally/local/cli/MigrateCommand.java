package dev.tally.local.cli;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.Migration;
import dev.tally.common.clickhouse.migrations.MigrationReport;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.local.stack.LocalStack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply Tally's versioned ClickHouse schema files that are not applied yet,",
                "in order, recording each in <database>.schema_migrations. Safe to re-run.",
                "The URL is http[s]://[user:password@]host[:port][/database]; credentials may also come",
                "from CLICKHOUSE_USER and CLICKHOUSE_PASSWORD."})
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clickhouse", paramLabel = "URL", defaultValue = "${env:CLICKHOUSE_URL:-http://127.0.0.1:8123}",
            description = "ClickHouse HTTP URL (default: ${DEFAULT-VALUE}; env CLICKHOUSE_URL)")
    String clickHouse;

    @Option(names = "--database", paramLabel = "NAME",
            description = "database for Tally's tables (default: the URL's path, else tally)")
    String database;

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "${env:TALLY_CLICKHOUSE_CLUSTER:-}",
            description = {"ClickHouse cluster whose replicas share the schema and rows: the database is created",
                    "ON CLUSTER with the Replicated engine and tables as Replicated*MergeTree",
                    "(default: one server; env TALLY_CLICKHOUSE_CLUSTER)"})
    String cluster;

    @Override
    public Integer call() {
        ClickHouseUrl url = ClickHouseUrl.parse(clickHouse);
        if (database != null) {
            url = url.withDatabase(database);
        }
        MigrationReport report = LocalStack.migrate(url, MigrationSettings.defaults().withDatabase(url.database()).withCluster(cluster));
        for (Migration m : report.applied()) {
            out().println("applied  " + m.fileName());
        }
        out().println("Database " + report.database() + " at " + url + " is at schema version " + report.schemaVersion()
                + " (" + report.applied().size() + " applied now, " + report.alreadyApplied().size() + " already applied).");
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
