package dev.tally.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.dashboards.GrafanaDashboard.Panel;
import dev.tally.dashboards.GrafanaDashboard.Target;
import dev.tally.dashboards.GrafanaQueryExpansion.TimeRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest-health panels' PromQL, expanded as Grafana sends it, evaluated by Prometheus 2.42's own engine:
 * {@code promtool test rules} runs each expression as a recording rule over synthetic series of the metrics it
 * reads (named as the gateway and Flink's Prometheus reporter publish them) and compares the result.
 */
class PrometheusPanelQueriesTest {

    // one hour of a panel: a 3 s interval, so $__rate_interval = max(60 s, 3 s + 15 s) = 60 s
    private static final TimeRange HOUR = new TimeRange(Instant.parse("2026-11-25T21:00:00Z"), Instant.parse("2026-11-25T22:00:00Z"));

    @Test
    void theIngestHealthPanelsComputeRejectionsPerReasonAndLagPerJob(@TempDir Path dir) throws Exception {
        List<Target> targets = new ArrayList<>();
        List<Panel> panels = new ArrayList<>();
        for (GrafanaDashboard d : GrafanaDashboard.all()) {
            for (Panel p : d.panels()) {
                for (Target t : p.targets()) {
                    if (!t.isSql()) {
                        targets.add(t);
                        panels.add(p);
                    }
                }
            }
        }
        assertThat(panels).extracting(Panel::title).containsExactly("Ingest: gateway rejections by reason",
                "Ingest: Flink job lag (records behind Kafka)");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-panels\n    interval: 15s\n    rules:\n");
        for (int i = 0; i < targets.size(); i++) {
            String expr = GrafanaQueryExpansion.promql(targets.get(i).text(), HOUR, Map.of());
            assertThat(expr).as(panels.get(i).name()).doesNotContain("$");
            rules.append("      - record: panel_").append(panels.get(i).id()).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("panels.rules.yml"), rules.toString());
        // 6 rejections every 15 s = 0.4/s for reason "unauthorized", 1.5/s for "too_large"; two subtasks of one job lag 150
        Files.writeString(dir.resolve("panels.test.yml"), """
                rule_files: [panels.rules.yml]
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                      - series: 'tally_gateway_rejections_total{reason="unauthorized", instance="gw-0"}'
                        values: '0+6x40'
                      - series: 'tally_gateway_rejections_total{reason="too_large", instance="gw-0"}'
                        values: '0+15x40'
                      - series: 'tally_gateway_rejections_total{reason="too_large", instance="gw-1"}'
                        values: '0+7.5x40'
                      - series: 'flink_taskmanager_job_task_operator_pendingRecords{job_name="tally-usage", subtask_index="0"}'
                        values: '100x40'
                      - series: 'flink_taskmanager_job_task_operator_pendingRecords{job_name="tally-usage", subtask_index="1"}'
                        values: '50x40'
                    promql_expr_test:
                      - expr: panel_9
                        eval_time: 5m
                        exp_samples:
                          - labels: 'panel_9{reason="unauthorized"}'
                            value: 0.4
                          - labels: 'panel_9{reason="too_large"}'
                            value: 1.5
                      - expr: panel_10
                        eval_time: 5m
                        exp_samples:
                          - labels: 'panel_10{job_name="tally-usage"}'
                            value: 150
                """);
        Process promtool = new ProcessBuilder("promtool", "test", "rules", "panels.test.yml").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertThat(promtool.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(rules + "\n" + output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void theGatewayPublishesTheRejectionCounterThePanelReads() throws IOException {
        String metrics = Files.readString(Path.of("..", "ingest", "src", "main", "java", "dev", "tally", "ingest", "gateway",
                "metrics", "GatewayMetrics.java"));
        assertThat(metrics).contains("\"tally_gateway_rejections_total\"").contains("\"reason\"");
    }
}
