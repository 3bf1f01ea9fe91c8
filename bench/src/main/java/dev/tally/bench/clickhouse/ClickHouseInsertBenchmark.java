package dev.tally.bench.clickhouse;

import dev.tally.bench.BenchClickHouse;
import dev.tally.common.clickhouse.ClickHouseUrl;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second into ClickHouse: the official JDBC driver's PreparedStatement batch (what
 * Tally's sink does) against the baseline of the same rows in one raw HTTP POST as
 * TabSeparated. The figure is the ratio, measured in the same run on the same endpoint:
 * the local chdb endpoint, or the server at {@code CLICKHOUSE_URL}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class ClickHouseInsertBenchmark {

    /** Rows per insert: the ClickHouse sink's default batch size. */
    @Param("10000")
    int rows;

    private BenchClickHouse clickHouse;
    private Connection connection;
    private HttpClient http;
    private List<UsageRow> data;
    private byte[] tabSeparated;
    private URI insertUri;

    record UsageRow(Instant hour, String cluster, String namespace, String pod, BigDecimal cpuCoreHours, long memoryBytes) {
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        clickHouse = BenchClickHouse.start();
        ClickHouseUrl url = clickHouse.url();
        try (Connection server = url.withDatabase("default").open(); Statement s = server.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + url.database());
        }
        connection = url.open();
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + url.database() + ".bench_insert");
            s.execute("CREATE TABLE " + url.database() + ".bench_insert (hour DateTime('UTC'), cluster LowCardinality(String),"
                    + " namespace LowCardinality(String), pod String, cpu_core_hours Decimal(18,6), memory_bytes UInt64)"
                    + " ENGINE = MergeTree ORDER BY (cluster, namespace, hour)");
        }
        data = new ArrayList<>(rows);
        StringBuilder tsv = new StringBuilder();
        Instant hour = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < rows; i++) {
            UsageRow row = new UsageRow(hour.plusSeconds(3600L * (i % 720)), "aks-prod-weu", "team-" + (i % 40),
                    "pod-" + i, BigDecimal.valueOf(i % 977, 3), 1_000_000L * (i % 4096));
            data.add(row);
            tsv.append(row.hour().getEpochSecond()).append('\t').append(row.cluster()).append('\t').append(row.namespace())
                    .append('\t').append(row.pod()).append('\t').append(row.cpuCoreHours().toPlainString())
                    .append('\t').append(row.memoryBytes()).append('\n');
        }
        tabSeparated = tsv.toString().getBytes(StandardCharsets.UTF_8);
        http = HttpClient.newHttpClient();
        String insert = "INSERT INTO " + url.database() + ".bench_insert FORMAT TabSeparated";
        insertUri = URI.create(url.httpUrl() + "/?query=" + URLEncoder.encode(insert, StandardCharsets.UTF_8));
    }

    @Setup(Level.Iteration)
    public void emptyTable() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE TABLE " + clickHouse.url().database() + ".bench_insert");
        }
    }

    @Benchmark
    public int[] jdbcBatchInsert() throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + clickHouse.url().database()
                + ".bench_insert (hour, cluster, namespace, pod, cpu_core_hours, memory_bytes) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (UsageRow row : data) {
                insert.setTimestamp(1, Timestamp.from(row.hour()));
                insert.setString(2, row.cluster());
                insert.setString(3, row.namespace());
                insert.setString(4, row.pod());
                insert.setBigDecimal(5, row.cpuCoreHours());
                insert.setLong(6, row.memoryBytes());
                insert.addBatch();
            }
            return insert.executeBatch();
        }
    }

    @Benchmark
    public int baselineHttpTabSeparated() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(insertUri)
                .header("X-ClickHouse-User", clickHouse.url().user()).header("X-ClickHouse-Key", clickHouse.url().password())
                .POST(HttpRequest.BodyPublishers.ofByteArray(tabSeparated)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("insert failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        connection.close();
        clickHouse.close();
    }
}
