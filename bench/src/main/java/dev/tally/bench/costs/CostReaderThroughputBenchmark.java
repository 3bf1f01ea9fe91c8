package dev.tally.bench.costs;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.costs.FleetCostExport;
import dev.tally.local.fleet.costs.FleetCostSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second of one EA amortized cost export CSV: Tally's reader (CSV split, format
 * recognized, every row normalized: decimals, dates, tags and additional info as JSON, Kubernetes
 * hints) against the baseline of DuckDB's {@code read_csv} on the same file in the same run
 * ({@code count(*)} and the sum of the cost column, type detection on, DuckDB's own threads).
 * The file: the fleet simulator's EA amortized export (real column layout, reservations, AKS tags)
 * repeated to {@link #ROWS} rows, written once per trial to a temporary folder. Target: ≥ 0.5.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CostReaderThroughputBenchmark {
    static final int ROWS = 400_000;

    private Path dir;
    private Path file;
    private String costColumn;

    @Setup(Level.Trial)
    public void writeExport() throws IOException {
        dir = Files.createTempDirectory("tally-bench-costs-");
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo().withSeed(42));
        LocalDate from = LocalDate.ofInstant(sim.spec().origin(), ZoneOffset.UTC).plusDays(1);
        FleetCostExport.Written export = new FleetCostExport(sim, FleetCostSpec.demo(sim.spec()))
                .write(dir.resolve("fleet"), from, from.plusDays(7), line -> { });
        String text = Files.readString(export.eaAmortized());
        int headerEnd = text.indexOf('\n') + 1;
        String header = text.substring(0, headerEnd);
        costColumn = header.contains("CostInBillingCurrency") ? "CostInBillingCurrency" : "Cost";
        // one row per line in the simulator's files (no field holds a line break): cycle them to exactly ROWS
        String[] lines = text.substring(headerEnd).split("\n");
        file = dir.resolve("ea-amortized-" + ROWS + ".csv");
        try (java.io.Writer out = Files.newBufferedWriter(file)) {
            out.write(header);
            for (int i = 0; i < ROWS; i++) {
                out.write(lines[i % lines.length]);
                out.write('\n');
            }
        }
        System.out.printf("%ncost export: %,d rows (%,d distinct), %,d bytes (%s)%n", ROWS, lines.length, Files.size(file), file);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public BigDecimal tallyReader() throws Exception {
        BigDecimal total = BigDecimal.ZERO;
        long rows = 0;
        try (CostExportReader reader = CostExportReader.open(file, ReadOptions.of(CostView.AMORTIZED))) {
            while (reader.hasNext()) {
                CostReadResult r = reader.next();
                rows++;
                if (r instanceof CostLineItem item) {
                    total = total.add(item.effectiveCost());
                } else {
                    throw new IllegalStateException("rejected: " + r);
                }
            }
        }
        if (rows != ROWS) {
            throw new IllegalStateException(rows + " rows read, not " + ROWS);
        }
        return total;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double baselineDuckDbReadCsv() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), sum(\"" + costColumn + "\") FROM read_csv('" + file + "')")) {
            rs.next();
            return rs.getLong(1) + rs.getDouble(2);
        }
    }
}
