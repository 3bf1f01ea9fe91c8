package dev.tally.local.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.prometheus.PrometheusInstallation;
import dev.tally.local.prometheus.TestPrometheus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The rightsizing alert rules shipped in {@code deploy/}: promtool's unit tests of every alert
 * (fires, does not fire, resolves; {@code deploy/prometheus/tests/}) pass against the plain rules
 * file, and the PrometheusRule for the operator carries exactly the same groups.
 */
class DeployedRulesTest {

    static final Path DEPLOY = TestClickHouse.projectHome().resolve("deploy");
    static final Path RULES = DEPLOY.resolve("prometheus/rules/tally-rightsizing.rules.yml");
    static final Path RULE_TESTS = DEPLOY.resolve("prometheus/tests/tally-rightsizing.test.yml");
    static final Path PROMETHEUS_RULE = DEPLOY.resolve("kustomize/monitoring/tally-rightsizing.prometheusrule.yaml");

    @Test
    void promtoolsUnitTestsOfEveryAlertPass() {
        TestPrometheus.PromtoolResult result = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void promtoolAcceptsTheRulesFileWithItsThreeAlerts() {
        TestPrometheus.PromtoolResult result = promtool("check", "rules", RULES.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 3 rules found");
    }

    @Test
    void everyAlertHasUnitTestsThatExpectItToFireAndNotToFire() throws IOException {
        JsonNode tests = yaml(RULE_TESTS).path("tests");
        for (String alert : alertNames(yaml(RULES).path("groups"))) {
            List<JsonNode> cases = new ArrayList<>();
            tests.forEach(t -> t.path("alert_rule_test").forEach(c -> {
                if (alert.equals(c.path("alertname").asText())) {
                    cases.add(c);
                }
            }));
            assertThat(cases).as(alert + ": a case where it fires").anyMatch(c -> c.path("exp_alerts").size() > 0);
            assertThat(cases).as(alert + ": a case where it does not").anyMatch(c -> c.path("exp_alerts").isEmpty());
        }
    }

    @Test
    void thePrometheusRuleHasTheRulesFilesGroupsUnchanged() throws IOException {
        JsonNode plain = yaml(RULES);
        JsonNode operator = yaml(PROMETHEUS_RULE);
        assertThat(operator.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(operator.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(alertNames(plain.path("groups")))
                .containsExactly("TallyContainerOverProvisioned", "TallyContainerUnderProvisioned",
                        "TallyRightsizingRecommendationsStale");
        assertThat(operator.path("spec").path("groups"))
                .as("spec.groups of %s must equal groups of %s: copy the rules file's groups there", PROMETHEUS_RULE, RULES)
                .isEqualTo(plain.path("groups"));
    }

    @Test
    void shippedRulesWaitBeforeAlerting() throws IOException {
        // the end-to-end test shortens these in its own copy; the shipped file keeps them
        List<String> fors = new ArrayList<>();
        yaml(RULES).path("groups").forEach(g -> g.path("rules").forEach(r -> fors.add(r.path("for").asText())));
        assertThat(fors).containsExactly("24h", "15m", "30m");
    }

    static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    static List<String> alertNames(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
        return names;
    }

    /** Debian's promtool (package {@code prometheus}); the tests are skipped, saying so, without it. */
    static TestPrometheus.PromtoolResult promtool(String... args) {
        if (PrometheusInstallation.executable("promtool").isEmpty()) {
            System.err.println("SKIPPED DeployedRulesTest: " + PrometheusInstallation.NOT_INSTALLED);
        }
        Assumptions.assumeTrue(PrometheusInstallation.executable("promtool").isPresent(), PrometheusInstallation.NOT_INSTALLED);
        return TestPrometheus.promtool(args);
    }
}
