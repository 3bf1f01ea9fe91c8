package dev.tally.local.cli;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.config.ConfigValues;
import dev.tally.ingest.costs.ExportSource;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CostRecordSink;
import dev.tally.ingest.costs.importer.CostWatcher;
import dev.tally.ingest.costs.importer.CurrencyTotals;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.costs.importer.RunOutcome;
import dev.tally.ingest.costs.importer.RunRecord;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunDiscovery;
import dev.tally.local.stack.StackFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tally costs import|runs}: Azure cost export runs into ClickHouse and {@code tally.costs.v1}. */
@Command(name = "costs", mixinStandardHelpOptions = true,
        description = {"Azure cost exports: import runs from a folder or Blob Storage, list imported runs."},
        subcommands = {CostsCommand.ImportCommand.class, CostsCommand.RunsCommand.class})
final class CostsCommand extends CommandGroup {

    /** Where ClickHouse and Kafka are: the options, else the running local stack's stack.json, else the defaults. */
    static final class Endpoints {
        @Option(names = "--clickhouse", paramLabel = "URL", defaultValue = "${env:CLICKHOUSE_URL}",
                description = "ClickHouse HTTP URL (default: env CLICKHOUSE_URL, else the running local stack's, else http://127.0.0.1:8123)")
        String clickHouse;

        @Option(names = "--database", paramLabel = "NAME",
                description = "database of Tally's tables (default: the URL's path, else tally)")
        String database;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:TALLY_DATA}",
                description = "data folder of the local stack whose stack.json gives the endpoints (default: <project>/.tally)")
        Path dataDir;

        ClickHouseUrl clickHouseUrl() {
            String url = clickHouse != null && !clickHouse.isBlank() ? clickHouse
                    : stack().map(StackFile::clickHouseUrl).orElse("http://127.0.0.1:8123");
            ClickHouseUrl parsed = ClickHouseUrl.parse(url);
            return database != null ? parsed.withDatabase(database) : parsed;
        }

        /** The option, else the environment's bootstrap servers, else the local stack's; TLS from the environment. */
        KafkaConnection kafka(String option) {
            Map<String, String> env = System.getenv();
            String servers = option != null && !option.isBlank() ? option
                    : KafkaConnection.bootstrapServersFromEnv(env)
                    .or(() -> stack().map(StackFile::kafkaBootstrapServers)).orElse("127.0.0.1:9092");
            return KafkaConnection.of(servers, env);
        }

        private Optional<StackFile> stack() {
            Path data = dataDir != null ? dataDir : ProjectHome.find().resolve(".tally");
            return StackFile.read(data.resolve("stack.json")).filter(StackFile::isRunning);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import the cost export runs under PATH or URL (Cost Management's <export>/<yyyyMMdd-yyyyMMdd>/<run id>/",
                    "folders with manifest.json and .csv/.csv.gz parts, or files dropped by hand) into ClickHouse",
                    "(cost_export_runs, cost_line_items) and Kafka (tally.costs.v1, rejected rows to tally.deadletter.v1).",
                    "A run is imported whole or not at all; re-importing a run changes nothing.",
                    "URL: azblob://<account>/<container>[/<folder>], abfss://<container>@<account>.dfs.core.windows.net[/<folder>]",
                    "or https://<account>.blob.core.windows.net/<container>[/<folder>][?<SAS>]; credentials from the environment:",
                    "AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_SAS_TOKEN, else Entra ID (AZURE_CLIENT_ID/AZURE_TENANT_ID/",
                    "AZURE_CLIENT_SECRET, workload identity, managed identity, az login).",
                    "Exits 1 when a run could not be imported or more rows were rejected than tolerated."})
    static final class ImportCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH|URL", description = "a folder of exports, a run folder's manifest.json, or one .csv/.csv.gz file; or the same in Blob Storage / ADLS Gen2")
        String source;

        @Option(names = "--tolerate-rejections", paramLabel = "N", defaultValue = "0",
                description = "rejected rows accepted before the import counts as failed (default: ${DEFAULT-VALUE})")
        long tolerateRejections;

        @Option(names = "--view", paramLabel = "actual|amortized", defaultValue = "amortized",
                description = "how cost-details files without a manifest naming their dataset are read (default: ${DEFAULT-VALUE}; FOCUS files carry both)")
        String view;

        @Option(names = "--currency-when-absent", paramLabel = "ISO",
                description = "currency of files without a currency column (default: none; their rows are rejected)")
        String currencyWhenAbsent;

        @Option(names = "--kafka", paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers (default: env TALLY_KAFKA_BOOTSTRAP_SERVERS or TALLY_KAFKA_BOOTSTRAP, else the running local stack's, else 127.0.0.1:9092; TLS: env TALLY_KAFKA_SECURITY_PROTOCOL, TALLY_KAFKA_SSL_*)")
        String kafka;

        @Option(names = "--watch",
                description = "keep polling PATH|URL and import each run once it is complete (a run still being uploaded waits; a bad run is reported and skipped) until stopped")
        boolean watch;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5m",
                description = "time between polls with --watch: 30s, 5m, 1h (default: ${DEFAULT-VALUE})")
        String interval;

        @picocli.CommandLine.Mixin
        Endpoints endpoints;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Duration pollInterval = ConfigValues.duration(Map.of("--interval", interval), "--interval");
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("--interval must be positive, not " + interval);
            }
            CostView costView = switch (view.toLowerCase(java.util.Locale.ROOT)) {
                case "actual" -> CostView.ACTUAL;
                case "amortized" -> CostView.AMORTIZED;
                default -> throw new IllegalArgumentException("--view must be actual or amortized, not " + view);
            };
            ClickHouseUrl url = endpoints.clickHouseUrl();
            try {
                url.ping(Duration.ofSeconds(5));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e.getMessage() + " (is the local stack up? ./tally up)", e);
            }
            ImportReport report;
            try (ClickHouseCostStore store = new ClickHouseCostStore(url);
                 CostRecordSink sink = new KafkaCostSink(endpoints.kafka(kafka), Clock.systemUTC())) {
                Consumer<String> say = line -> {
                    out.println(line);
                    out.flush(); // a watch runs for days: each line as it happens
                };
                CostImporter importer = new CostImporter(store, sink, new ReadOptions(costView, currencyWhenAbsent), 5_000, Clock.systemUTC(), say);
                ExportSource exports = ExportSource.of(source, System.getenv());
                RunDiscovery discovery = new RunDiscovery(costView);
                if (watch) {
                    return watch(exports, discovery, importer, pollInterval, say);
                }
                report = importer.importAll(exports.discover(discovery));
            }
            out.println("Runs: " + report.runs().size() + " (" + count(report, "complete") + " complete, "
                    + count(report, "held") + " held, " + count(report, "superseded") + " superseded, "
                    + report.runs().stream().filter(RunOutcome::alreadyImported).count() + " already imported, "
                    + report.failures().size() + " failed)");
            out.println("Rows: read " + report.rowsRead() + ", imported " + report.rowsImported() + ", rejected "
                    + report.rowsRejected());
            PrintWriter err = spec.commandLine().getErr();
            if (!report.failures().isEmpty()) {
                report.failures().forEach(f -> err.println("tally costs import: " + f.problem()));
                return 1;
            }
            if (report.rowsRejected() > tolerateRejections) {
                err.println("tally costs import: " + report.rowsRejected() + " row(s) rejected, more than the "
                        + tolerateRejections + " tolerated (see tally.deadletter.v1; --tolerate-rejections N to accept)");
                return 1;
            }
            return 0;
        }

        /**
         * Until the process is stopped (Ctrl-C, SIGTERM): the stop wakes the wait between polls, and a
         * run being imported finishes first (up to 30 s; otherwise it stays 'importing' and invisible,
         * and the next import retries it).
         */
        private static int watch(ExportSource exports, RunDiscovery discovery, CostImporter importer, Duration every,
                                 Consumer<String> say) {
            java.util.concurrent.CountDownLatch stopRequested = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stopRequested.countDown();
                try {
                    stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tally-costs-watch-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            say.accept("Watching " + exports.describe() + " every " + every.toSeconds() + " s (Ctrl-C to stop)");
            try {
                new CostWatcher(() -> exports.discover(discovery), importer, say)
                        .run(every, () -> stopRequested.getCount() > 0,
                                d -> stopRequested.await(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
                say.accept("Stopped watching " + exports.describe());
            } finally {
                stopped.countDown();
            }
            return 0;
        }

        private static long count(ImportReport report, String status) {
            return report.runs().stream().filter(r -> !r.alreadyImported() && !r.failed()
                    && r.status().sqlName().equals(status)).count();
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = {"List imported cost export runs with their status and totals per currency, newest first per period."})
    static final class RunsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Endpoints endpoints;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<RunRecord> runs;
            try (ClickHouseCostStore store = new ClickHouseCostStore(endpoints.clickHouseUrl())) {
                runs = store.runs();
            }
            if (runs.isEmpty()) {
                out.println("No cost export runs imported.");
                return 0;
            }
            out.printf("%-40s %-13s %-17s %-36s %-10s %8s %8s %8s  %s%n", "scope", "dataset", "billing period",
                    "run", "status", "read", "imported", "rejected", "billed / effective per currency");
            for (RunRecord r : runs) {
                StringBuilder totals = new StringBuilder();
                for (Map.Entry<String, CurrencyTotals> t : r.totals().entrySet()) {
                    totals.append(totals.isEmpty() ? "" : "; ").append(t.getKey()).append(' ')
                            .append(t.getValue().billedCost().stripTrailingZeros().toPlainString()).append(" / ")
                            .append(t.getValue().effectiveCost().stripTrailingZeros().toPlainString());
                }
                String status = r.status().sqlName() + (r.supersededBy().isEmpty() ? "" : " by " + r.supersededBy());
                out.printf("%-40s %-13s %-17s %-36s %-10s %8d %8d %8d  %s%n", r.scope(), r.dataset(), r.billingPeriod(),
                        r.runId(), status, r.rowsRead(), r.rowsImported(), r.rowsRejected(), totals);
                if (!r.message().isEmpty() && r.status() != dev.tally.ingest.costs.run.RunStatus.COMPLETE) {
                    out.println("    " + r.message());
                }
            }
            return 0;
        }
    }
}
