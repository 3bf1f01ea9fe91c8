package dev.tally.local.demo;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CostRecordSink;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.local.allocation.CatalogOwnerLookup;
import dev.tally.local.allocation.CatalogOwnershipSync;
import dev.tally.local.fleet.costs.FleetCostExport;
import dev.tally.local.fleet.costs.FleetCostSpec;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.RightsizingSettingsLoader;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.PipelineJobs;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;

/**
 * The demo's story: a simulated fleet of AKS clusters pushes a few days of metrics (remote_write)
 * and container logs (OTLP) through the ingest gateway, each cluster with its own token; the
 * Flink jobs count samples, compute hourly usage and log volume into ClickHouse; the summary read
 * back from ClickHouse is checked against the simulator's ground truth. Then the fleet's cost
 * export of those days (the simulated invoice) is imported, the allocation job charges it to the
 * teams, and the chargeback table must reconcile to the invoice. Runs on a stack the caller started.
 */
public final class Demo {
    /** Scrapes past the last hour, so that event time passes it and the jobs close it. */
    private static final Duration CLOSING_SCRAPES = Duration.ofMinutes(5);
    private static final int CONCURRENCY = 4;

    private final LocalStack stack;
    private final DemoSettings settings;
    private final PrintStream out;

    public Demo(LocalStack stack, DemoSettings settings, PrintStream out) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
    }

    public DemoSummary run() throws Exception {
        long started = System.nanoTime();
        List<JobClient> jobs = new ArrayList<>();
        jobs.add(PipelineJobs.startIngestSamples(stack, new IngestSamplesJob.IngestSamplesSettings(
                Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(5))));
        jobs.add(PipelineJobs.startUsage(stack, UsageSettings.defaults().withSourceIdleness(Duration.ofSeconds(5))));
        jobs.add(PipelineJobs.startLogVolume(stack, new LogVolumeJob.LogVolumeSettings(
                Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(5))));
        jobs.add(PipelineJobs.startRightsizing(stack, rightsizingSettings()));
        FleetSpec fleet = FleetSpec.demo().withSeed(settings.seed());
        CatalogOwnerLookup owners = owners(fleet);
        jobs.add(PipelineJobs.startAllocation(stack, AllocationSettings.defaults().withQuietPeriod(Duration.ofSeconds(3)),
                owners));
        try {
            FleetSimulator simulator = new FleetSimulator(fleet);
            GroundTruth truth = simulator.groundTruth(settings.from(), settings.to());
            FleetToGateway gateway = new FleetToGateway(stack.gateway().url(), stack.gatewayTokens().tokenByCluster(), CONCURRENCY);
            simulate(simulator, gateway);

            Map<String, Map<Instant, Long>> samplesTruth = truthChecks().samplesTruth(truth);
            List<DemoCheck> truthOnly = truthChecks().checks(truth, Map.of());
            waitForPipeline(TruthChecks.total(samplesTruth), truthOnly);
            ClickHouseUrl url = stack.clickHouseUrl();
            waitForRightsizing(url);
            Map<String, BigDecimal[]> invoice = importInvoice(simulator, fleet);
            Chargeback chargeback = waitForChargeback(invoice);
            int workloads = CatalogOwnershipSync.write(url, owners, Instant.now()).size();
            out.printf("  catalog_ownership: %,d workloads and their owners%n", workloads);
            FinanceReports reports = FinanceReports.write(url, stack.config().dataDir().resolve("reports"), settings.from(), settings.to());
            return new DemoSummary(truthChecks().samplesByClusterHour(url), samplesTruth, truthChecks().checks(truth, truthChecks().read(url)),
                    gateway.requests(), gateway.bytes(), gateway.retries(), (System.nanoTime() - started) / 1e9, chargeback,
                    RightsizingHighlights.read(url, 5), reports);
        } finally {
            for (JobClient job : jobs) {
                job.cancel().get();
            }
        }
    }

    /**
     * The rightsizing job's settings (the file {@code TALLY_RIGHTSIZING_CONFIG} names and the
     * {@code TALLY_RIGHTSIZING_*} overrides; defaults without them) with the demo's span in mind: a
     * short demo would otherwise be all "not enough data" (the default minimum is 24 h), so the
     * minimum is half the simulated span, at most 24 h.
     */
    private RightsizingSettings rightsizingSettings() {
        Duration span = Duration.between(settings.from(), settings.to());
        Duration min = span.dividedBy(2).compareTo(Duration.ofHours(24)) < 0 ? span.dividedBy(2) : Duration.ofHours(24);
        RightsizingSettings configured = RightsizingSettingsLoader.fromEnvironment();
        return configured.withHistory(min, configured.fullConfidenceHistory()).withSourceIdleness(Duration.ofSeconds(5));
    }

    /**
     * Waits (at most five minutes: a loaded machine checkpoints slowly) for the recommendations
     * computed at the end of the simulated span, until their count stops growing: the sink writes
     * them per checkpoint, so the first rows seen may not be all of them.
     */
    private void waitForRightsizing(ClickHouseUrl url) throws Exception {
        ProgressLine progress = new ProgressLine(out, "rightsizing recommendations");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        long seen = 0;
        while (Instant.now().isBefore(deadline)) {
            long rows;
            try (Connection c = url.open(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count() FROM " + url.database() + ".rightsizing_recommendations_latest "
                         + "WHERE computed_at >= fromUnixTimestamp64Milli(" + settings.to().toEpochMilli() + ", 'UTC')")) {
                r.next();
                rows = r.getLong(1);
            }
            if (rows > 0 && rows == seen) {
                progress.done("(computed at " + settings.to() + ")");
                return;
            }
            seen = rows;
            // unchanged across more than one checkpoint interval (the stack's is 10 s): all of them are in
            Thread.sleep(rows > 0 ? 11_000 : 1_000);
        }
        progress.done("(none computed at " + settings.to() + " yet; showing what is there)");
    }

    /** The namespaces' team and cost-center labels, as the fleet's clusters carry them; no catalog. */
    public static CatalogOwnerLookup owners(FleetSpec fleet) {
        Map<String, Map<String, String>> labels = new TreeMap<>();
        for (ClusterSpec cluster : fleet.clusters()) {
            for (NamespaceSpec ns : cluster.namespaces()) {
                labels.put(cluster.name().toLowerCase(java.util.Locale.ROOT) + "/" + ns.name(),
                        Map.of("team", ns.team(), "cost-center", ns.costCenter()));
            }
        }
        return new CatalogOwnerLookup(List.of(), Map.of(), labels);
    }

    /**
     * The simulated invoice: the fleet's amortized EA export of the demo's days, written to the
     * data folder and imported by the cost importer (ClickHouse and tally.costs.v1).
     *
     * @return per currency, the export's billed and effective totals
     */
    private Map<String, BigDecimal[]> importInvoice(FleetSimulator simulator, FleetSpec fleet) throws Exception {
        LocalDate from = LocalDate.ofInstant(settings.from(), ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(settings.to().minusSeconds(1), ZoneOffset.UTC).plusDays(1);
        java.nio.file.Path dir = stack.config().dataDir().resolve("cost-export");
        FleetCostExport.Written written = new FleetCostExport(simulator, FleetCostSpec.demo(fleet)).write(dir, from, to, line -> { });
        ImportReport report;
        try (ClickHouseCostStore store = new ClickHouseCostStore(stack.clickHouseUrl());
             CostRecordSink sink = new KafkaCostSink(KafkaConnection.plaintext(stack.kafka().bootstrapServers()), Clock.systemUTC())) {
            report = new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 5_000, Clock.systemUTC(), line -> { })
                    .importPath(written.eaAmortized());
        }
        out.printf("  imported the simulated invoice: %s (%,d rows, %s to %s)%n", written.eaAmortized().getFileName(),
                report.rowsImported(), from, to.minusDays(1));
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        try (CostExportReader reader = CostExportReader.open(written.eaAmortized(), ReadOptions.of(CostView.AMORTIZED))) {
            reader.forEachRemaining(r -> {
                CostLineItem i = (CostLineItem) r;
                BigDecimal[] t = totals.computeIfAbsent(i.billingCurrency(), c -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                t[0] = t[0].add(i.billedCost());
                t[1] = t[1].add(i.effectiveCost());
            });
        }
        return totals;
    }

    /** Waits until the allocation of the invoice's days is written and reconciles, or the timeout. */
    private Chargeback waitForChargeback(Map<String, BigDecimal[]> invoice) throws Exception {
        ProgressLine progress = new ProgressLine(out, "allocation job charging the invoice to teams");
        Instant deadline = Instant.now().plus(settings.timeout());
        Chargeback chargeback = new Chargeback(readChargeback(), invoice);
        while (!chargeback.reconciles() && Instant.now().isBefore(deadline)) {
            progress.update(0.5, "(waiting for cost_allocation_daily)");
            Thread.sleep(1000);
            chargeback = new Chargeback(readChargeback(), invoice);
        }
        progress.done(chargeback.reconciles() ? "(reconciled)" : "(not reconciled within " + settings.timeout() + ")");
        return chargeback;
    }

    private Map<String, Map<String, BigDecimal[]>> readChargeback() throws SQLException {
        ClickHouseUrl url = stack.clickHouseUrl();
        LocalDate from = LocalDate.ofInstant(settings.from(), ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(settings.to().minusSeconds(1), ZoneOffset.UTC);
        Map<String, Map<String, BigDecimal[]>> byTeam = new TreeMap<>();
        String query = "SELECT team, currency, toString(sum(billed_cost)), toString(sum(effective_cost)) FROM " + url.database()
                + ".cost_allocation_daily_latest WHERE estimated = 0 AND category != 'LOGS' AND day >= '" + from
                + "' AND day <= '" + to + "' GROUP BY team, currency";   // log volume at its price is not invoice money
        try (Connection c = url.open(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                byTeam.computeIfAbsent(rows.getString(1), t -> new TreeMap<>()).put(rows.getString(2),
                        new BigDecimal[]{new BigDecimal(rows.getString(3)), new BigDecimal(rows.getString(4))});
            }
        }
        return byTeam;
    }

    private void simulate(FleetSimulator simulator, FleetToGateway gateway) {
        Instant end = settings.to().plus(CLOSING_SCRAPES);
        long span = Duration.between(settings.from(), end).toMillis();
        ProgressLine progress = new ProgressLine(out, "simulated fleet → ingest gateway");
        simulator.run(settings.from(), end, batch -> {
            gateway.send(batch, true);
            if (gateway.requests() % 200 < 2) {
                progress.update(Duration.between(settings.from(), batch.scrapeTime()).toMillis() / (double) span,
                        "(" + batch.scrapeTime() + ", " + gateway.requests() + " requests)");
            }
        });
        gateway.flush(CONCURRENCY);
        progress.done(String.format("(%,d requests, %,.1f MB, %,d retried)", gateway.requests(), gateway.bytes() / 1e6,
                gateway.retries()));
    }

    /** Waits until ClickHouse holds every sample, and the usage and log checks have their totals. */
    private void waitForPipeline(long expectedSamples, List<DemoCheck> truthOnly) throws Exception {
        ProgressLine progress = new ProgressLine(out, "Flink jobs writing ClickHouse");
        Instant deadline = Instant.now().plus(settings.timeout());
        ClickHouseUrl url = stack.clickHouseUrl();
        while (Instant.now().isBefore(deadline)) {
            long counted = TruthChecks.total(truthChecks().samplesByClusterHour(url));
            List<DemoCheck> now = TruthChecks.against(truthOnly, truthChecks().read(url));
            long complete = now.stream().filter(DemoCheck::matches).count();
            if (counted >= expectedSamples && complete == now.size()) {
                progress.done(String.format("(%,d samples, %d of %d usage and log checks complete)", counted, complete, now.size()));
                return;
            }
            double fraction = 0.5 * counted / expectedSamples + 0.5 * complete / now.size();
            progress.update(fraction, String.format("(%,d of %,d samples, %d of %d checks)", counted, expectedSamples, complete, now.size()));
            Thread.sleep(1000);
        }
        out.println();
        out.println("  the pipeline did not catch up within " + settings.timeout() + "; showing what is there");
    }

    private TruthChecks truthChecks() {
        return new TruthChecks(settings.from(), settings.to());
    }
}
