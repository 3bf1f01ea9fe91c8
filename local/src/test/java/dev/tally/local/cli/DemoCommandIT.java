package dev.tally.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code tally demo} as a user runs it: progress while it works, a summary equal to the ground truth. */
class DemoCommandIT {

    @Test
    void theDemoEndsWithASummaryWhoseNumbersEqualTheSimulatorsGroundTruth() throws Exception {
        Path data = Files.createTempDirectory("tally-it-demo");
        try (TallyProcess demo = TallyProcess.start("demo", "--hours", "3", "--data", data.toString())) {
            int exit = demo.awaitExit(Duration.ofMinutes(8));
            String output = demo.output();
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("simulated fleet → ingest gateway 100%")
                    .contains("Flink jobs writing ClickHouse 100%")
                    .containsPattern("samples received \\(ingest_samples_hourly\\) +aks-prod-weu +[0-9,]+ +[0-9,]+  equal")
                    .containsPattern("CPU used, core-seconds \\(usage_hourly\\) +aks-prod-weu +[0-9,.]+ +[0-9,.]+  equal")
                    .containsPattern("log bytes \\(log_usage_hourly\\) +aks-dev-weu +[0-9,]+ +[0-9,]+  equal")
                    .contains("Every number equals the ground truth exactly (6 cluster-hours of samples, 7 usage and log checks per cluster).")
                    .containsPattern("catalog_ownership: [0-9,]+ workloads and their owners")
                    .contains("Chargeback per team (cost_allocation_daily_latest), next to the simulated invoice")
                    .containsPattern("checkout +USD +[0-9,.]+ +[0-9,.]+")
                    .containsPattern("simulated invoice \\(the fleet's cost export\\) +USD +[0-9,.]+ +[0-9,.]+  equal")
                    .contains("The teams' charges reconcile to the simulated invoice exactly, billed and effective.")
                    .contains("Chargeback report for finance (Parquet, per-team CSV, manifest.json; tally report --month YYYY-MM)")
                    .containsPattern("[0-9]{4}-[0-9]{2} v1 \\([0-9,]+ rows, reconciled\\): .*/reports/chargeback/[0-9]{4}-[0-9]{2}/v1")
                    .doesNotContain("DIFFERENT");
            // it ends with the rightsizing job's top savings and the workloads at risk
            String rightsizing = output.substring(output.indexOf("Rightsizing: top savings"));
            String savings = rightsizing.substring(0, rightsizing.indexOf("Rightsizing: workloads at risk"));
            String risky = rightsizing.substring(rightsizing.indexOf("Rightsizing: workloads at risk"));
            assertThat(savings).as(output).containsPattern("aks-prod-weu +identity/auth-service +auth +CPU +2\\.000 -> ");
            // the demo's span ends today, so its workloads' ranks vary by day: these two hold on any day
            assertThat(risky).as(output).containsPattern("aks-dev-weu +sandbox/jvm-batch-api .*\\(oom-kills");
        }
        // the report is where the demo said, whole: its manifest names the Parquet file with its size
        try (var months = Files.list(data.resolve("reports/chargeback"))) {
            Path v1 = months.findFirst().orElseThrow().resolve("v1");
            String manifest = Files.readString(v1.resolve("manifest.json"));
            Path parquet = Files.list(v1).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
            assertThat(manifest).contains("\"reconciled\" : true").contains("\"bytes\" : " + Files.size(parquet));
        }
        assertThat(data.resolve("stack.json")).doesNotExist();
        assertThat(data.resolve("clickhouse")).isDirectory();
    }
}
