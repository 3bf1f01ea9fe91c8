package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tally.common.topics.Topic;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.Kafka;
import dev.tally.deploy.CustomResources.PodMonitor;
import dev.tally.deploy.CustomResources.PrometheusRule;
import dev.tally.ingest.gateway.metrics.GatewayMetrics;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pipeline-health alerts: promtool's checks and unit tests pass, every alert has a case that fires
 * and one that does not, the PrometheusRule holds the same groups, and every metric, consumer group,
 * topic and workload the rules name is one the code or the manifests have.
 */
class PipelineAlertsTest {
    private static final Path DEPLOY = Kustomize.projectRoot().resolve("deploy");
    private static final Path RULES = DEPLOY.resolve("prometheus/rules/tally-pipeline.rules.yml");
    private static final Path RULE_TESTS = DEPLOY.resolve("prometheus/tests/tally-pipeline.test.yml");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern METRIC = Pattern.compile("\\b(up|(?:tally|flink|kafka|kube)_[A-Za-z0-9_]+)\\b(?=\\s*[{\\[)])");

    /**
     * Metrics from outside Tally's code, with where they come from: Flink's Prometheus reporter (JobManager
     * scope, Flink 2.2 metrics docs), Strimzi's Kafka Exporter, kube-state-metrics, Prometheus itself.
     */
    private static final Set<String> EXTERNAL = Set.of(
            "flink_jobmanager_numRunningJobs", "flink_jobmanager_job_numRestarts", "flink_jobmanager_job_numberOfFailedCheckpoints",
            "kafka_consumergroup_lag", "kafka_topic_partition_current_offset",
            "kube_deployment_status_replicas_available", "up",
            // the jobs' ClickHouse sinks (operator scope, key-value group "table": the key in the name, the value a label)
            "flink_taskmanager_job_task_operator_table_" + dev.tally.jobs.clickhouse.ClickHouseSink.UNAVAILABLE_METRIC);

    private static JsonNode rules() throws IOException {
        return YAML.readTree(RULES.toFile());
    }

    private static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        rules().path("groups").forEach(g -> g.path("rules").forEach(alerts::add));
        return alerts;
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Promtool.Result check = Promtool.run("check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        Promtool.Result test = Promtool.run("test", "rules", RULE_TESTS.toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasACaseWhereItFiresAndOneWhereItDoesNot() throws IOException {
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        YAML.readTree(RULE_TESTS.toFile()).path("tests").forEach(group -> group.path("alert_rule_test").forEach(c -> {
            String name = c.path("alertname").asText();
            (c.path("exp_alerts").isEmpty() ? silent : fires).add(name);
        }));
        for (JsonNode alert : alerts()) {
            assertThat(fires).as("a case where it fires").contains(alert.path("alert").asText());
            assertThat(silent).as("a case where it does not fire").contains(alert.path("alert").asText());
        }
    }

    @Test
    void thePrometheusRuleHoldsTheSameGroups() throws IOException {
        JsonNode resource = YAML.readTree(DEPLOY.resolve("kustomize/monitoring/tally-pipeline.prometheusrule.yaml").toFile());
        assertThat(resource.path("spec").path("groups")).isEqualTo(rules().path("groups"));
        List<Object> prod = Manifests.parse(Kustomize.render(Kustomize.overlay("prod")));
        assertThat(Manifests.all(prod, PrometheusRule.class)).extracting(r -> r.metadata().getName()).contains("tally-pipeline");
    }

    /** tally_* metrics are the gateway's (its real registry, every family touched once); others are in {@link #EXTERNAL}. */
    @Test
    void everyMetricTheRulesReadIsExposedByTheCodeOrNamedWithItsSource() throws IOException {
        GatewayMetrics gateway = new GatewayMetrics(() -> 0);
        gateway.request("remote_write", 204);
        gateway.accepted("remote_write", "samples", 1);
        gateway.receivedBytes("remote_write", 1);
        gateway.rejection("remote_write", "kafka_unavailable", 1);
        gateway.kafkaSend(Topic.METRICS.topicName(), 1_000_000);
        String exposition = new String(gateway.scrape(), StandardCharsets.UTF_8);

        Set<String> used = new TreeSet<>();
        for (JsonNode alert : alerts()) {
            Matcher m = METRIC.matcher(alert.path("expr").asText());
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).isNotEmpty();
        for (String metric : used) {
            if (metric.startsWith("tally_gateway_")) {
                assertThat(exposition).as(metric + " in the gateway's /metrics").containsPattern("(?m)^" + metric + "[{ ]");
            } else {
                assertThat(EXTERNAL).as(metric + ": not Tally's; name where it comes from").contains(metric);
            }
        }
    }

    @Test
    void theConsumerGroupsTopicsAndWorkloadsTheRulesNameAreTheCodesAndTheManifests() throws IOException {
        List<Object> prod = Manifests.parse(Kustomize.render(Kustomize.overlay("prod")));
        Set<String> groups = new HashSet<>();
        FlinkJobs.ALL.forEach(j -> groups.add(j.consumerGroup()));
        Set<String> topics = new HashSet<>();
        Topic.all().forEach(t -> topics.add(t.topicName()));
        Set<String> deployments = new HashSet<>();
        Manifests.all(prod, Deployment.class).forEach(d -> deployments.add(d.getMetadata().getName()));

        for (JsonNode alert : alerts()) {
            String expr = alert.path("expr").asText();
            Matcher groupMatcher = Pattern.compile("consumergroup=~\"([^\"]+)\"").matcher(expr);
            while (groupMatcher.find()) {
                assertThat(Set.of(groupMatcher.group(1).split("\\|"))).as(alert.path("alert").asText()).isEqualTo(groups);
            }
            Matcher topic = Pattern.compile("topic=\"([^\"]+)\"").matcher(expr);
            while (topic.find()) {
                assertThat(topics).contains(topic.group(1));
            }
            Matcher deployment = Pattern.compile("deployment=\"([^\"]+)\"").matcher(expr);
            while (deployment.find()) {
                assertThat(deployments).contains(deployment.group(1));
            }
            Matcher job = Pattern.compile("job=\"([^\"]+)\"").matcher(expr);
            while (job.find()) {
                // The Prometheus Operator's job label for a ServiceMonitor target is the Service's name.
                assertThat(deployments).contains(job.group(1));
            }
        }

        // What the metrics come from is there: Flink's reporter on the PodMonitor's port, the Kafka Exporter's regexes.
        PodMonitor flinkMonitor = Manifests.named(prod, PodMonitor.class, "tally-flink");
        Set<String> flinkApps = new HashSet<>(flinkMonitor.spec().selector().getMatchExpressions().get(0).getValues());
        for (FlinkDeployment flink : Manifests.all(prod, FlinkDeployment.class)) {
            assertThat(flinkApps).contains(flink.metadata().getName());
            Map<String, String> conf = flink.spec().flinkConfiguration();
            assertThat(conf).containsKey("metrics.reporter.prom.factory.class");
            var port = flink.spec().podTemplate().getSpec().getContainers().get(0).getPorts().stream()
                    .filter(p -> p.getName().equals(flinkMonitor.spec().podMetricsEndpoints().get(0).port())).findFirst().orElseThrow();
            assertThat(port.getContainerPort()).isEqualTo(Integer.parseInt(conf.get("metrics.reporter.prom.port")));
        }
        Kafka kafka = Manifests.only(prod, Kafka.class);
        groups.forEach(g -> assertThat(g).matches(kafka.spec().kafkaExporter().groupRegex()));
        topics.forEach(t -> assertThat(t).matches(kafka.spec().kafkaExporter().topicRegex()));
    }
}
