package dev.tally.reports;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of the monthly report: reads the month's allocation, writes the Parquet file while
 * adding up its totals, applies the reconciliation gate, and publishes the next version with its
 * per-team CSV and manifest (manifest last), unless the newest published version already has
 * exactly these rows. Files are built in a temporary folder first; I/O is at the edges
 * ({@link AllocationSource}, {@link ReportDestination}, {@link ReportLog}).
 */
public final class ChargebackReport {
    private final AllocationSource source;
    private final ReportDestination destination;
    private final ReportLog log;
    private final Clock clock;
    private final String generator;

    /** What a run did. */
    public sealed interface Outcome permits Published, Unchanged {
        int version();

        String location();

        Manifest manifest();
    }

    /** A new version was published. */
    public record Published(int version, String location, Manifest manifest) implements Outcome {
    }

    /** The newest published version already holds exactly these rows (same basis, same SHA-256): nothing written. */
    public record Unchanged(int version, String location, Manifest manifest) implements Outcome {
    }

    public ChargebackReport(AllocationSource source, ReportDestination destination, ReportLog log, Clock clock, String generator) {
        this.source = source;
        this.destination = destination;
        this.log = log;
        this.clock = clock;
        this.generator = generator;
    }

    /** Against ClickHouse: rows from {@code cost_allocation_daily_latest}, versions recorded in {@code report_versions}. */
    public static ChargebackReport clickHouse(ClickHouseUrl url, String costDataset, ReportDestination destination, Clock clock,
                                              String generator) {
        return new ChargebackReport(new ClickHouseAllocationSource(url, costDataset), destination, new ClickHouseReportLog(url),
                clock, generator);
    }

    public static String parquetName(String month) {
        return "chargeback-" + month + ".parquet";
    }

    public static String csvName(String month) {
        return "team-summary-" + month + ".csv";
    }

    public Outcome run(YearMonth month, Basis basis, boolean allowUnreconciled) throws IOException {
        Path work = Files.createTempDirectory("tally-report-");
        try {
            return run(month, basis, allowUnreconciled, work);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Outcome run(YearMonth month, Basis basis, boolean allowUnreconciled, Path work) throws IOException {
        Instant generatedAt = clock.instant();
        Path parquet = work.resolve(parquetName(month.toString()));
        ReportTotals totals = new ReportTotals();
        long[] estimatedLeftOut = {0};
        try (ChargebackParquet.Writer writer = ChargebackParquet.open(parquet, basis)) {
            source.forEachRow(month, row -> {
                // estimates are not invoice money: only a report published unreconciled shows them (marked x_Estimated)
                if (row.estimated() && !allowUnreconciled) {
                    estimatedLeftOut[0]++;
                    return;
                }
                writer.write(row);
                totals.add(row);
            });
        }
        if (totals.rows() == 0) {
            throw new IllegalStateException(month + ": no allocation rows in cost_allocation_daily_latest for this billing period "
                    + "(has the cost export been imported and the allocation job run? A month older than the table's retention,"
                    + " retention_cost_months, 25 by default, is dropped by ClickHouse as its rows are written)");
        }
        ExportTotals export = source.exportTotals(month);
        Reconciliation reconciliation = Reconciliation.of(totals.byCurrency(), export.byCurrency(), basis, totals.estimatedRows());
        if (!reconciliation.reconciled() && !allowUnreconciled) {
            throw new UnreconciledException(month, reconciliation);
        }
        String parquetSha = sha256(parquet);

        Optional<Integer> latest = destination.latestPublished(month);
        Manifest previous = null;
        if (latest.isPresent()) {
            previous = Manifest.parse(destination.manifest(month, latest.get()).orElseThrow(),
                    destination.location(month, latest.get()) + "/" + ReportDestination.MANIFEST);
            if (previous.basis().equals(basis.label()) && previous.reconciliation().reconciled() == reconciliation.reconciled()
                    && previous.file(parquetName(month.toString())).sha256().equals(parquetSha)) {
                // a run killed after publishing and before recording left the version unrecorded: record it
                // now (the log keeps one row per month, location and version, so this is otherwise a no-op)
                String location = destination.location(month, latest.get());
                log.record(new ReportLog.ReportVersion(month, latest.get(), basis, Instant.parse(previous.generatedAt()), location,
                        totals.rows(), totals.byCurrency(), reconciliation.reconciled(), parquetSha,
                        export.runs().stream().map(ExportTotals.ExportRun::runId).distinct().toList()));
                return new Unchanged(latest.get(), location, previous);
            }
        }

        List<Manifest.TeamTotal> teamTotals = ChangeSummary.teamTotals(totals.byTeam(), basis);
        Path csv = work.resolve(csvName(month.toString()));
        Files.write(csv, TeamCsv.render(teamTotals, basis));
        List<Integer> versions = destination.versions(month);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
        List<Manifest.FileEntry> files = new ArrayList<>();
        files.add(new Manifest.FileEntry(parquet.getFileName().toString(), Files.size(parquet), parquetSha));
        files.add(new Manifest.FileEntry(csv.getFileName().toString(), Files.size(csv), sha256(csv)));
        Manifest manifest = new Manifest(ChargebackParquet.SCHEMA_VERSION, generator, month.toString(), version, basis.label(),
                generatedAt.toString(), totals.rows(), totals.estimatedRows(), estimatedLeftOut[0], Manifest.money(totals.byCurrency(), basis),
                Manifest.money(export.byCurrency(), basis), export.runs(), List.copyOf(totals.policies()), files,
                new Manifest.ReconciliationResult(reconciliation.reconciled(),
                        reconciliation.reconciled() ? "reconciled" : "unreconciled (--allow-unreconciled)", reconciliation.differences()),
                previous == null ? null : ChangeSummary.between(previous, teamTotals, totals.rows()), teamTotals);
        destination.publish(month, version, List.of(parquet, csv), manifest.toJson());
        String location = destination.location(month, version);
        log.record(new ReportLog.ReportVersion(month, version, basis, generatedAt, location, totals.rows(), totals.byCurrency(),
                reconciliation.reconciled(), parquetSha, export.runs().stream().map(ExportTotals.ExportRun::runId).distinct().toList()));
        return new Published(version, location, manifest);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // reading feeds the digest
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
