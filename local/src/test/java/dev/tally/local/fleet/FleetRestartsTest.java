package dev.tally.local.fleet;

import dev.tally.local.fleet.FleetTestSupport.Sample;
import dev.tally.local.fleet.truth.ContainerHour;
import dev.tally.local.fleet.truth.ContainerUsage;
import dev.tally.local.fleet.truth.GroundTruth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static dev.tally.local.fleet.FleetTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;

/** Containers die and come back as in reality: OOM kills, restarts, counters that start over. */
class FleetRestartsTest {

    private static final Instant DAY = Instant.parse("2026-01-06T00:00:00Z");
    private static final long MIB = 1024 * 1024;

    private final FleetSimulator sim = new FleetSimulator(DEMO);

    @Test
    void theLeakingExporterIsOomKilledAndItsCountersStartAgainFromZero() {
        // The legacy exporter leaks 60 MiB an hour into a 768 MiB limit: find an hour with a kill.
        GroundTruth day = sim.groundTruth(DAY, DAY.plus(Duration.ofDays(1)));
        Map.Entry<ContainerHour, ContainerUsage> killed = day.containers().entrySet().stream()
                .filter(e -> e.getKey().cluster().equals("aks-prod-weu") && e.getKey().pod().startsWith("legacy-exporter-"))
                .filter(e -> e.getValue().oomKills() > 0)
                .min(Comparator.comparing(e -> e.getKey().hour()))
                .orElseThrow();
        ContainerHour key = killed.getKey();
        assertThat(killed.getValue().oomKills()).isEqualTo(1);
        assertThat(killed.getValue().restarts()).isEqualTo(1);

        Instant hour = key.hour();
        List<Sample> rendered = samples(render(sim, hour, hour.plus(Duration.ofHours(1)).plusSeconds(30))).stream()
                .filter(s -> s.cluster().equals(key.cluster()) && s.label("pod").equals(key.pod()))
                .toList();

        // kube-state-metrics: the restart count goes up by exactly the true restarts, and the reason shows
        assertThat(value(rendered, "kube_pod_container_status_restarts_total", hour.plus(Duration.ofHours(1)))
                - value(rendered, "kube_pod_container_status_restarts_total", hour))
                .isEqualTo(killed.getValue().restarts());
        assertThat(rendered).filteredOn(s -> s.name().equals("kube_pod_container_status_last_terminated_reason"))
                .isNotEmpty().allSatisfy(s -> assertThat(s.label("reason")).isEqualTo("OOMKilled"));

        // cAdvisor: two container runs (two container ids); the new one starts near zero, the old one ended near the limit
        List<Sample> cpu = rendered.stream()
                .filter(s -> s.name().equals("container_cpu_usage_seconds_total") && s.label("container").equals("exporter"))
                .toList();
        List<String> runs = cpu.stream().map(s -> s.label("name")).distinct().toList();
        assertThat(runs).hasSize(2);
        Sample oldLast = cpu.stream().filter(s -> s.label("name").equals(runs.get(0))).reduce((a, b) -> b).orElseThrow();
        Sample newFirst = cpu.stream().filter(s -> s.label("name").equals(runs.get(1))).findFirst().orElseThrow();
        assertThat(newFirst.value()).isLessThan(oldLast.value()).isLessThan(30 * 0.05 + 1e-9);
        assertThat(newFirst.timestampMillis() - oldLast.timestampMillis()).isEqualTo(30_000);
        double lastWorkingSet = rendered.stream()
                .filter(s -> s.name().equals("container_memory_working_set_bytes") && s.label("name").equals(runs.get(0)))
                .reduce((a, b) -> b).orElseThrow().value();
        assertThat(lastWorkingSet).isBetween(0.9 * 768 * MIB, 768.0 * MIB);
        List<Double> starts = rendered.stream().filter(s -> s.name().equals("container_start_time_seconds"))
                .map(Sample::value).distinct().toList();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1)).isGreaterThan(starts.get(0));
    }

    @Test
    void aContainerThatOomsAtStartUpOnlyShowsUpAsRestartsNeverInCadvisor() {
        // dev/sandbox/jvm-batch-api: 300 MiB working set under a 256 MiB limit — killed before any scrape.
        Instant hour = Instant.parse("2026-01-06T10:00:00Z");
        GroundTruth truth = sim.groundTruth(hour, hour.plus(Duration.ofHours(1)));
        ContainerUsage usage = truth.containers().entrySet().stream()
                .filter(e -> e.getKey().namespace().equals("sandbox") && e.getKey().container().equals("app"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(usage.runningSamples()).isZero();
        assertThat(usage.cpuUsageNanos()).isZero();
        assertThat(usage.podRunningSamples()).isEqualTo(120);
        // CrashLoopBackOff at its 5-minute cap: a restart (and a kill) every 300 s
        assertThat(usage.restarts()).isEqualTo(12);
        assertThat(usage.oomKills()).isEqualTo(12);

        List<Sample> sandbox = samples(render(sim, hour, hour.plus(Duration.ofHours(1)).plusSeconds(30))).stream()
                .filter(s -> s.cluster().equals("aks-dev-weu") && s.label("namespace").equals("sandbox"))
                .toList();
        assertThat(sandbox).filteredOn(s -> s.name().startsWith("container_") && s.label("container").equals("app")).isEmpty();
        assertThat(sandbox).filteredOn(s -> s.name().equals("kube_pod_container_status_running"))
                .hasSize(121).allSatisfy(s -> assertThat(s.value()).isZero());
        assertThat(value(sandbox, "kube_pod_container_status_restarts_total", hour.plus(Duration.ofHours(1)))
                - value(sandbox, "kube_pod_container_status_restarts_total", hour)).isEqualTo(12);
        assertThat(sandbox).filteredOn(s -> s.name().equals("kube_pod_container_status_last_terminated_reason"))
                .hasSize(121).allSatisfy(s -> assertThat(s.label("reason")).isEqualTo("OOMKilled"));
    }

    @Test
    void completedCronJobPodsKeepReportingRequestsButUseNothing() {
        Instant t = Instant.parse("2026-01-06T14:00:00Z");
        List<Sample> tick = samples(render(sim, t, t.plusSeconds(30))).stream()
                .filter(s -> s.cluster().equals("aks-prod-weu") && s.label("namespace").equals("search")).toList();

        Set<String> succeeded = tick.stream()
                .filter(s -> s.name().equals("kube_pod_status_phase") && s.label("phase").equals("Succeeded") && s.value() == 1)
                .map(s -> s.label("pod")).collect(Collectors.toCollection(TreeSet::new));
        // the last three Jobs are kept (successfulJobsHistoryLimit 3)
        assertThat(succeeded).hasSize(3).allSatisfy(p -> assertThat(p).startsWith("search-indexer-"));
        for (String pod : succeeded) {
            assertThat(tick).filteredOn(s -> s.label("pod").equals(pod) && s.name().equals("kube_pod_container_resource_requests"))
                    .hasSize(2);
            assertThat(tick).filteredOn(s -> s.label("pod").equals(pod) && s.name().startsWith("container_")).isEmpty();
            assertThat(tick).filteredOn(s -> s.label("pod").equals(pod) && s.name().equals("kube_pod_completion_time"))
                    .hasSize(1);
        }
        GroundTruth truth = sim.groundTruth(t, t.plusSeconds(30));
        assertThat(truth.containers()).allSatisfy((k, u) -> {
            if (succeeded.contains(k.pod())) {
                assertThat(u.podRunningSamples()).isZero();
                assertThat(u.cpuUsageNanos()).isZero();
            }
        });
    }

    private static double value(List<Sample> samples, String family, Instant at) {
        return samples.stream()
                .filter(s -> s.name().equals(family) && s.timestampMillis() == at.toEpochMilli())
                .mapToDouble(Sample::value).sum();
    }
}
