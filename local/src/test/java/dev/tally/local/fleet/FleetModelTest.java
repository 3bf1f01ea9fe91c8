package dev.tally.local.fleet;

import dev.tally.local.fleet.FleetTestSupport.Sample;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.ContainerSpec;
import dev.tally.local.fleet.model.DemoFleet;
import dev.tally.local.fleet.model.LogProfile;
import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.local.fleet.model.NodePoolSpec;
import dev.tally.local.fleet.model.Resources;
import dev.tally.local.fleet.model.UsageShape;
import dev.tally.local.fleet.model.VmSize;
import dev.tally.local.fleet.model.WorkloadSpec;
import dev.tally.local.fleet.truth.VolumeTruth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static dev.tally.local.fleet.FleetTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo fleet and its names, as a platform team would recognise them from kubectl and the Azure portal. */
class FleetModelTest {

    private static final Instant T = Instant.parse("2026-01-06T14:00:00Z");

    @Test
    void theDemoIsTwoWestEuropeClustersScrapedEvery30SecondsWithEveryUsageShape() {
        assertThat(DEMO.clusters()).extracting(ClusterSpec::name).containsExactly("aks-prod-weu", "aks-dev-weu");
        assertThat(DEMO.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(DEMO.clusters().get(0).nodeResourceGroup()).isEqualTo("MC_rg-prod-weu_aks-prod-weu_westeurope");

        Set<Class<?>> shapes = DEMO.clusters().stream()
                .flatMap(c -> c.namespaces().stream())
                .flatMap(ns -> ns.workloads().stream())
                .flatMap(w -> w.containers().stream())
                .map(c -> c.usage().getClass())
                .collect(Collectors.toSet());
        assertThat(shapes).containsExactlyInAnyOrder(UsageShape.class.getPermittedSubclasses());
        assertThat(DEMO.clusters().stream().flatMap(c -> c.namespaces().stream()).map(NamespaceSpec::team))
                .contains("platform", "checkout", "discovery", "data", "identity");
    }

    @Test
    void podsAreNamedAsTheirControllersNameThem() {
        List<Sample> podInfo = samples(render(new FleetSimulator(DEMO), T, T.plusSeconds(30))).stream()
                .filter(s -> s.name().equals("kube_pod_info")).toList();

        assertThat(podInfo).filteredOn(s -> s.label("created_by_kind").equals("ReplicaSet")).allSatisfy(s -> {
            assertThat(s.label("created_by_name")).matches(".+-[bcdfghjklmnpqrstvwxz2456789]{10}");
            assertThat(s.label("pod")).matches(s.label("created_by_name") + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
        });
        assertThat(podInfo).filteredOn(s -> s.label("created_by_kind").equals("StatefulSet"))
                .allSatisfy(s -> assertThat(s.label("pod")).matches(s.label("created_by_name") + "-\\d"));
        assertThat(podInfo).filteredOn(s -> s.label("created_by_kind").equals("DaemonSet"))
                .allSatisfy(s -> assertThat(s.label("pod")).matches(s.label("created_by_name") + "-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        // CronJob → Job named after the scheduled minute → pod
        assertThat(podInfo).filteredOn(s -> s.label("created_by_kind").equals("Job")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.label("created_by_name")).matches("(search-indexer|report-builder|etl-nightly)-\\d{8}");
            long minute = Long.parseLong(s.label("created_by_name").replaceAll(".*-", ""));
            assertThat(minute * 60).isLessThanOrEqualTo(T.getEpochSecond());
        });
        assertThat(podInfo).extracting(s -> s.label("uid"))
                .allMatch(uid -> uid.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void claimsAreBoundToAzureDisksNamedAfterTheirVolumes() {
        List<VolumeTruth> volumes = new FleetSimulator(DEMO).groundTruth(T, T.plusSeconds(30)).volumes();
        List<Sample> pvInfo = samples(render(new FleetSimulator(DEMO), T, T.plusSeconds(30))).stream()
                .filter(s -> s.name().equals("kube_persistentvolume_info")).toList();

        assertThat(volumes).hasSize(7).allSatisfy(v -> {
            assertThat(v.volume()).matches("pvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(v.diskResourceId()).endsWith("/providers/Microsoft.Compute/disks/" + v.volume())
                    .contains("/resourceGroups/MC_rg-");
        });
        assertThat(volumes).filteredOn(v -> v.claim().equals("data-elasticsearch-1")).singleElement().satisfies(v -> {
            assertThat(v.namespace()).isEqualTo("search");
            assertThat(v.storageClass()).isEqualTo("managed-csi-premium");
            assertThat(v.diskSku()).isEqualTo("Premium_LRS");
            assertThat(v.sizeBytes()).isEqualTo(256L << 30);
        });
        assertThat(pvInfo).hasSize(7).allSatisfy(s -> {
            assertThat(s.label("csi_driver")).isEqualTo("disk.csi.azure.com");
            assertThat(s.label("csi_volume_handle")).endsWith("/disks/" + s.label("persistentvolume"));
        });
    }

    @Test
    void aPoolTooSmallForItsReplicasIsRejectedWhenTheFleetIsBuilt() {
        ClusterSpec prod = DemoFleet.prod();
        List<NodePoolSpec> pools = prod.pools().stream()
                .map(p -> p.name().equals("memory") ? NodePoolSpec.fixed("memory", VmSize.STANDARD_E4S_V5, p.mode(), 2) : p)
                .toList();
        ClusterSpec cramped = new ClusterSpec(prod.name(), prod.subscriptionId(), prod.resourceGroup(), prod.region(),
                prod.kubernetesVersion(), pools, prod.namespaces());

        assertThatThrownBy(() -> new FleetSimulator(DEMO.withClusters(List.of(cramped))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pool memory has no room for search/elasticsearch");
    }

    @Test
    void specsRejectWhatKubernetesOrAksWouldReject() {
        assertThat(Resources.of("250m", "512Mi")).isEqualTo(new Resources(250, 512L << 20));
        assertThat(Resources.of("2", "2Gi")).isEqualTo(new Resources(2000, 2L << 30));
        assertThat(Resources.of("", "")).isEqualTo(Resources.NONE);
        assertThatThrownBy(() -> new ContainerSpec("c", "img", new Resources(500, 0), new Resources(200, 0),
                new UsageShape.Steady(10, 1 << 20), LogProfile.NONE)).hasMessageContaining("CPU limit below request");
        assertThatThrownBy(() -> new ContainerSpec("c", "img", Resources.NONE, Resources.NONE,
                new UsageShape.Leaking(10, 1 << 20, 1 << 20), LogProfile.NONE)).hasMessageContaining("memory limit");
        assertThatThrownBy(() -> NodePoolSpec.fixed("UserPool", VmSize.STANDARD_D4S_V5, NodePoolSpec.Mode.USER, 1))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> DEMO.withScrapeInterval(Duration.ofSeconds(7))).hasMessageContaining("dividing an hour");
        assertThatThrownBy(() -> new WorkloadSpec.Deployment("d", "apps", 1, 1, 0, "", List.of()))
                .hasMessageContaining("at least 3 days");
    }

    @Test
    void aOneMinuteScrapeIntervalRendersAndCountsAlike() {
        FleetSpec minute = DEMO.withScrapeInterval(Duration.ofSeconds(60));
        List<ScrapeBatch> batches = render(new FleetSimulator(minute), T, T.plus(Duration.ofMinutes(5)));

        assertThat(batches).hasSize(10);
        assertThat(new FleetSimulator(minute).groundTruth(T, T.plus(Duration.ofMinutes(5))).totalSamples())
                .isEqualTo(batches.stream().mapToLong(ScrapeBatch::sampleCount).sum());
    }
}
