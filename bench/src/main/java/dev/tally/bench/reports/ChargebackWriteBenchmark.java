package dev.tally.bench.reports;

import dev.tally.local.stack.DataFolder;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackParquet;
import dev.tally.reports.ChargebackRow;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Rows per second of the chargeback report's Parquet file: Tally's writer ({@link ChargebackParquet}:
 * the FOCUS mapping of every row, JSON details and tags, exact DECIMAL(38, 24), dictionary, ZSTD)
 * against the baseline of DuckDB's {@code COPY … TO 'x.parquet' (FORMAT parquet, COMPRESSION zstd)}
 * of the same rows in the same run: DuckDB's table is Tally's file read back
 * ({@code CREATE TABLE … AS SELECT * FROM read_parquet}), so both write the same columns, types
 * and values; DuckDB uses its own threads (2 here), Tally's writer encodes row groups on as many
 * threads as cores (up to 4); {@code tallyWriterOneThread} and {@code duckDbCopyOneThread} are both
 * on one thread, the per-core comparison. The rows: a synthetic
 * month of {@link #ROWS} allocation rows (31 days, 5 clusters, 2,000 workloads in 200 namespaces
 * of 30 teams, 9–12-decimal amounts, buckets, each row's origin resource and subscription and a list
 * cost on 9 rows of 10). The file sizes of both are printed at setup.
 * Target: ≥ 0.5.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1500m"})
public class ChargebackWriteBenchmark {
    static final int ROWS = 500_000;
    static final YearMonth MONTH = YearMonth.of(2026, 1);

    private Path dir;
    private List<ChargebackRow> rows;
    private Connection duck;
    private int invocation;

    @Setup(Level.Trial)
    public void prepare() throws IOException, SQLException {
        dir = Files.createTempDirectory("tally-bench-report-");
        rows = rows(ROWS, 42);
        Path tally = dir.resolve("tally.parquet");
        ChargebackParquet.write(tally, Basis.BOTH, rows);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE chargeback AS SELECT * FROM read_parquet('" + tally + "')");
            Path copy = dir.resolve("duckdb.parquet");
            s.execute("COPY chargeback TO '" + copy + "' (FORMAT parquet, COMPRESSION zstd)");
            Path snappy = dir.resolve("duckdb-default.parquet");
            s.execute("COPY chargeback TO '" + snappy + "' (FORMAT parquet)");
            System.out.printf("%nchargeback report: %,d rows; Tally %,d bytes (%.1f bytes/row), DuckDB zstd %,d bytes (%.1f), "
                            + "DuckDB default (snappy) %,d bytes; size ratio Tally / DuckDB zstd %.2f%n", ROWS, Files.size(tally),
                    Files.size(tally) / (double) ROWS, Files.size(copy), Files.size(copy) / (double) ROWS, Files.size(snappy),
                    Files.size(tally) / (double) Files.size(copy));
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException, SQLException {
        duck.close();
        DataFolder.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long tallyWriter() throws IOException {
        Path file = dir.resolve("tally-" + invocation++ + ".parquet");
        ChargebackParquet.write(file, Basis.BOTH, rows);
        long size = Files.size(file);
        Files.delete(file);
        return size;
    }

    /** Tally's writer encoding its row groups on one thread: the per-core comparison with {@link #duckDbCopyOneThread}. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long tallyWriterOneThread() throws IOException {
        Path file = dir.resolve("tally-" + invocation++ + ".parquet");
        ChargebackParquet.write(file, Basis.BOTH, rows, 1);
        long size = Files.size(file);
        Files.delete(file);
        return size;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long baselineDuckDbCopy() throws IOException, SQLException {
        return duckDbCopy(2);
    }

    /** The same COPY on one DuckDB thread: with {@code tallyWriterOneThread}, the per-core comparison. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long duckDbCopyOneThread() throws IOException, SQLException {
        return duckDbCopy(1);
    }

    private long duckDbCopy(int threads) throws IOException, SQLException {
        Path file = dir.resolve("duckdb-" + invocation++ + ".parquet");
        try (Statement s = duck.createStatement()) {
            copyWithDuckDb(s, threads, file);
        }
        long size = Files.size(file);
        Files.delete(file);
        return size;
    }

    /** The baseline: DuckDB's COPY of table {@code chargeback} to {@code file}, ZSTD, on {@code threads} threads. */
    static void copyWithDuckDb(Statement s, int threads, Path file) throws SQLException {
        s.execute("SET threads = " + threads);
        s.execute("COPY chargeback TO '" + file + "' (FORMAT parquet, COMPRESSION zstd)");
    }

    /** A month of allocation rows shaped like the allocation's output (docs/allocation.md). */
    static List<ChargebackRow> rows(int n, long seed) {
        Random random = new Random(seed);
        String[] categories = {"COMPUTE", "COMPUTE", "COMPUTE", "STORAGE", "NETWORK", "IDLE", "SHARED"};
        List<ChargebackRow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int workload = random.nextInt(2_000);
            int namespace = workload % 200;
            boolean bucket = random.nextInt(40) == 0;
            String ns = bucket ? (random.nextBoolean() ? "__idle__" : "__shared__") : "ns-" + namespace;
            BigDecimal billed = BigDecimal.valueOf(random.nextLong(1, 50_000_000_000_000L), 9 + random.nextInt(4));
            BigDecimal effective = random.nextInt(5) == 0 ? billed.multiply(new BigDecimal("0.62")) : billed;
            int cluster = workload % 5;
            String category = bucket ? "IDLE" : categories[random.nextInt(categories.length)];
            String group = "/subscriptions/0000000" + cluster % 2 + "-aaaa-bbbb-cccc-000000000000/resourcegroups/mc_rg_aks-prod-"
                    + cluster + "_westeurope/providers/";
            // the origin resource as the allocation keeps it: a node pool's scale set or a node's OS disk for compute and idle,
            // the claim's disk, the load balancer, the AKS cluster resource
            String resource = switch (category) {
                case "COMPUTE", "IDLE" -> random.nextInt(4) == 0
                        ? group + "microsoft.compute/disks/aks-pool" + random.nextInt(3) + "-12345678-vmss_" + random.nextInt(40) + "_osdisk_1_0a1b2c"
                        : group + "microsoft.compute/virtualmachinescalesets/aks-pool" + random.nextInt(3) + "-12345678-vmss";
                case "STORAGE" -> group + "microsoft.compute/disks/pvc-" + workload;
                case "NETWORK" -> group + "microsoft.network/loadbalancers/kubernetes";
                default -> "/subscriptions/0000000" + cluster % 2 + "-aaaa-bbbb-cccc-000000000000/resourcegroups/rg-aks/providers/"
                        + "microsoft.containerservice/managedclusters/aks-prod-" + cluster;
            };
            BigDecimal list = random.nextInt(10) == 0 ? null : billed.multiply(new BigDecimal("1.35"));
            out.add(new ChargebackRow(MONTH.atDay(1 + i % 31), MONTH.atDay(1), "aks-prod-" + cluster, ns,
                    bucket ? "" : "Deployment", bucket ? "" : "workload-" + workload, category,
                    "USD", billed, effective, bucket ? "unowned" : "team-" + namespace % 30, bucket ? "" : "CC-" + namespace % 12,
                    bucket ? "unowned" : "CATALOG_OWNER", "max(request, usage) of its node-hours",
                    "idle=none shared=by_requests cpu:ram=0.031611:0.004237 platform=kube-system,gatekeeper-system,calico-system",
                    false, 100 + i % 31, resource, resource.substring(0, resource.indexOf("/resourcegroups/")), list));
        }
        out.sort(Comparator.comparing(ChargebackRow::day).thenComparing(ChargebackRow::cluster).thenComparing(ChargebackRow::namespace));
        return out;
    }
}
