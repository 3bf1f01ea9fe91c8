package dev.tally.bench.reports;

import dev.tally.local.stack.DataFolder;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackParquet;
import dev.tally.reports.ChargebackRow;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ChargebackWriteBenchmark}'s four variants on the same rows, interleaved in one JVM: each
 * round writes the file once with each variant, so a change of the machine's load hits all of them
 * alike (JMH runs one variant after the other, a minute apart, in separate JVMs: on a shared machine
 * the load moves between them). Prints per variant the median rows/s (wall) and rows per CPU-second
 * of the process (DuckDB's threads are in it too), the first round left out as warm-up.
 * {@code java -cp "bench/target/tally-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" -Xmx1500m
 * dev.tally.bench.reports.ChargebackWriteInterleaved [rounds]}.
 */
public final class ChargebackWriteInterleaved {
    private ChargebackWriteInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<ChargebackRow> rows = ChargebackWriteBenchmark.rows(ChargebackWriteBenchmark.ROWS, 42);
        Path dir = Files.createTempDirectory("tally-bench-report-");
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            Path tally = dir.resolve("tally.parquet");
            ChargebackParquet.write(tally, Basis.BOTH, rows);
            s.execute("CREATE TABLE chargeback AS SELECT * FROM read_parquet('" + tally + "')");
            for (int round = 0; round < rounds; round++) {
                for (String variant : List.of("tallyWriter", "baselineDuckDbCopy", "tallyWriterOneThread", "duckDbCopyOneThread")) {
                    Path file = dir.resolve(variant + "-" + round + ".parquet");
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    if (variant.startsWith("tally")) {
                        ChargebackParquet.write(file, Basis.BOTH, rows, variant.endsWith("OneThread") ? 1 : 2);
                    } else {
                        ChargebackWriteBenchmark.copyWithDuckDb(s, variant.endsWith("OneThread") ? 1 : 2, file);
                    }
                    double wall = rows.size() / ((System.nanoTime() - t0) / 1e9);
                    double cpu = rows.size() / ((os.getProcessCpuTime() - cpu0) / 1e9);
                    Files.delete(file);
                    if (round > 0) {
                        results.computeIfAbsent(variant, k -> new ArrayList<>()).add(new double[]{wall, cpu});
                    }
                }
            }
        } finally {
            DataFolder.deleteRecursively(dir);
        }
        double baseline = median(results.get("baselineDuckDbCopy"), 0);
        System.out.printf("%d rounds (first left out), load average at the end %.1f%n", rounds, os.getSystemLoadAverage());
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] wall = e.getValue().stream().mapToDouble(x -> x[0]).sorted().toArray();
            System.out.printf("  %-22s median %,9.0f rows/s (min %,.0f, max %,.0f)  ratio to baseline %.2f  median %,9.0f rows per CPU-second%n",
                    e.getKey(), median(e.getValue(), 0), wall[0], wall[wall.length - 1], median(e.getValue(), 0) / baseline,
                    median(e.getValue(), 1));
        }
    }

    private static double median(List<double[]> values, int index) {
        double[] sorted = values.stream().mapToDouble(x -> x[index]).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
