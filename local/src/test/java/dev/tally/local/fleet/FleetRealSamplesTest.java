package dev.tally.local.fleet;

import dev.tally.local.fleet.render.Family;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static dev.tally.local.fleet.FleetTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every family the simulator emits exists in real scrapes (kube-state-metrics and kubelet/cAdvisor
 * of a Kubernetes 1.34 cluster, the kubernetes-mixin's test series), with the same type and help,
 * and every label it puts on a family is one the real exporters put there — plus the labels a
 * scrape adds: {@code job}, {@code instance}, the external {@code cluster}, and for kubelet targets
 * the relabelled {@code node} and {@code metrics_path}.
 */
class FleetRealSamplesTest {

    /** The rendered families, listed here so that a new one is a deliberate change. */
    static final List<String> RENDERED = List.of(
            "kube_node_info", "kube_node_labels", "kube_node_status_capacity", "kube_node_status_allocatable",
            "kube_node_created", "kube_namespace_labels",
            "kube_persistentvolumeclaim_info", "kube_persistentvolumeclaim_resource_requests_storage_bytes",
            "kube_persistentvolume_info", "kube_persistentvolume_capacity_bytes", "kube_persistentvolume_claim_ref",
            "kube_replicaset_owner", "kube_job_owner",
            "kube_pod_info", "kube_pod_owner", "kube_pod_status_phase", "kube_pod_start_time", "kube_pod_completion_time",
            "kube_pod_spec_volumes_persistentvolumeclaims_info",
            "kube_pod_container_info", "kube_pod_container_resource_requests", "kube_pod_container_resource_limits",
            "kube_pod_container_status_restarts_total", "kube_pod_container_status_running",
            "kube_pod_container_status_last_terminated_reason",
            "machine_cpu_cores", "machine_memory_bytes",
            "container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
            "container_cpu_cfs_periods_total", "container_cpu_cfs_throttled_periods_total",
            "container_oom_events_total", "container_start_time_seconds",
            "kubelet_volume_stats_capacity_bytes", "kubelet_volume_stats_used_bytes");

    /** Labels a Prometheus scrape and remote_write add to whatever the exporter exposed. */
    static final Set<String> SCRAPE_LABELS = Set.of("job", "instance", "cluster");
    /** Labels the kube-prometheus kubelet scrape config adds by relabelling. */
    static final Set<String> KUBELET_RELABELLED = Set.of("node", "metrics_path");

    record RealFamily(String type, String help, Set<String> labels, int samples) {
    }

    private static final Map<String, RealFamily> REAL = new TreeMap<>();
    private static Path data;

    private static final String NO_SHARED_DATA = "../shared/data (real Prometheus scrapes) is not beside this "
            + "checkout: checking family and label names against them is skipped";

    @BeforeAll
    static void readRealScrapes() throws IOException {
        Optional<Path> shared = FleetTestSupport.sharedData();
        if (shared.isEmpty()) {
            System.err.println("SKIPPED FleetRealSamplesTest: " + NO_SHARED_DATA);
            return;
        }
        data = shared.get().resolve("prometheus");
        readExposition(data.resolve("nri-kubernetes-k8s-1.34/ksm/metrics"));
        readExposition(data.resolve("nri-kubernetes-k8s-1.34/kubelet/metrics/cadvisor"));
        readMixinSeries(data.resolve("kubernetes-mixin/tests/tests.yaml"));
    }

    /** Each test reports itself skipped, with the reason, when the real scrapes are absent. */
    @BeforeEach
    void requireRealScrapes() {
        assumeTrue(data != null, NO_SHARED_DATA);
    }

    @Test
    void theRenderedFamiliesAreExactlyTheListedOnes() {
        assertThat(Arrays.stream(Family.values()).map(Family::metricName)).containsExactlyInAnyOrderElementsOf(RENDERED);
    }

    @Test
    void everyRenderedFamilyExistsInTheRealScrapesWithTheSameTypeAndHelp() {
        for (Family f : Family.values()) {
            RealFamily real = REAL.get(f.metricName());
            assertThat(real).as("%s in the real scrapes", f.metricName()).isNotNull();
            if (real.type() != null) {
                assertThat(real.type()).as("TYPE of %s", f.metricName()).isEqualTo(f.type().name().toLowerCase());
                assertThat(real.help()).as("HELP of %s", f.metricName()).isEqualTo(f.help());
            }
        }
    }

    @Test
    void everyLabelOfEveryRenderedFamilyIsOneTheRealExportersUse() {
        // Tuesday afternoon: burst nodes, completed CronJob pods, OOM-killed containers, volumes — every family.
        Instant from = Instant.parse("2026-01-06T14:00:00Z");
        Map<String, Set<String>> rendered = new TreeMap<>();
        for (FleetTestSupport.Sample s : samples(render(new FleetSimulator(DEMO), from, from.plusSeconds(300)))) {
            rendered.computeIfAbsent(s.name(), k -> new TreeSet<>()).addAll(s.labels().keySet());
        }
        assertThat(rendered.keySet()).as("families seen in the window").containsExactlyInAnyOrderElementsOf(RENDERED);

        Map<String, Set<String>> foreign = new TreeMap<>();
        rendered.forEach((name, labels) -> {
            Family family = Family.ofMetricName(name);
            RealFamily real = REAL.get(name);
            for (String label : labels) {
                boolean allowed = real.labels().contains(label)
                        || SCRAPE_LABELS.contains(label)
                        || (family.source() != Family.Source.KSM && KUBELET_RELABELLED.contains(label))
                        // *_labels families carry the object's Kubernetes labels as label_<name>
                        || (name.endsWith("_labels") && label.startsWith("label_"))
                        // the real kube_node_labels has no sample to show its identity label
                        || (real.samples() == 0 && name.equals("kube_node_labels") && label.equals("node"));
                if (!allowed) {
                    foreign.computeIfAbsent(name, k -> new TreeSet<>()).add(label);
                }
            }
        });
        assertThat(foreign).as("labels the real exporters never put on these families").isEmpty();
    }

    @Test
    void theJoinLabelsTheLaterStagesNeedAreOnTheRealFamilies() {
        // usage = f(cAdvisor counters), joined to requests by namespace/pod/container, to workloads via owners
        assertThat(REAL.get("container_cpu_usage_seconds_total").labels())
                .contains("container", "cpu", "id", "image", "name", "namespace", "pod");
        assertThat(REAL.get("kube_pod_container_resource_requests").labels())
                .contains("namespace", "pod", "uid", "container", "node", "resource", "unit");
        assertThat(REAL.get("kube_pod_owner").labels()).contains("owner_kind", "owner_name");
        assertThat(REAL.get("kube_persistentvolume_info").labels()).contains("csi_volume_handle", "azure_disk_name");
    }

    // ------------------------------------------------------------------ reading the real files

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final Pattern MIXIN_SERIES = Pattern.compile("series:\\s*['\"]([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

    private static void readExposition(Path file) throws IOException {
        Map<String, String> types = new HashMap<>();
        Map<String, String> helps = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ", 4);
                types.put(p[2], p[3]);
                merge(p[2], p[3], helps.get(p[2]), Set.of(), 0);
            } else if (line.startsWith("# HELP ")) {
                String[] p = line.split(" ", 4);
                helps.put(p[2], p.length > 3 ? p[3] : "");
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
                Set<String> labels = new TreeSet<>();
                if (brace >= 0 && brace < space) {
                    Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                    while (m.find()) {
                        labels.add(m.group(1));
                    }
                }
                merge(name, types.get(name), helps.get(name), labels, 1);
            }
        }
    }

    private static void readMixinSeries(Path file) throws IOException {
        Matcher m = MIXIN_SERIES.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.add(l.group(1));
            }
            merge(m.group(1), null, null, labels, 1);
        }
    }

    private static void merge(String name, String type, String help, Set<String> labels, int samples) {
        RealFamily old = REAL.get(name);
        Set<String> all = new TreeSet<>(labels);
        if (old != null) {
            all.addAll(old.labels());
        }
        REAL.put(name, new RealFamily(old != null && old.type() != null ? old.type() : type,
                old != null && old.help() != null ? old.help() : help, all, (old == null ? 0 : old.samples()) + samples));
    }
}
