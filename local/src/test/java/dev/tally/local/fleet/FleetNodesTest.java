package dev.tally.local.fleet;

import dev.tally.local.fleet.FleetTestSupport.Sample;
import dev.tally.local.fleet.model.DemoFleet;
import dev.tally.local.fleet.model.VmSize;
import dev.tally.local.fleet.sim.ClusterTimeline;
import dev.tally.local.fleet.sim.NodePlan;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.NodeHour;
import dev.tally.local.fleet.truth.NodeUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static dev.tally.local.fleet.FleetTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;

/** Nodes are AKS scale-set instances: named like AKS names them, added on weekday mornings, removed at night. */
class FleetNodesTest {

    private static final Instant TUESDAY = Instant.parse("2026-01-06T00:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-01-10T00:00:00Z");

    private final ClusterTimeline prod = new ClusterTimeline(DemoFleet.prod(), DEMO.seed(), 30, DEMO.origin().getEpochSecond());

    @Test
    void nodesAreNamedAndIdentifiedAsAksDoes() {
        List<NodePlan> nodes = prod.nodesOverlapping(TUESDAY.getEpochSecond(), TUESDAY.plus(Duration.ofDays(1)).getEpochSecond());

        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.name()).matches("aks-(system|apps|memory)-\\d{8}-vmss[0-9a-z]{6}");
            assertThat(n.name()).isEqualTo(n.vmssName() + n.name().substring(n.name().length() - 6));
            assertThat(n.vmssResourceId()).isEqualTo("/subscriptions/3f2b8c1e-5d4a-4e9b-9c7d-1a2b3c4d5e6f/resourceGroups/"
                    + "MC_rg-prod-weu_aks-prod-weu_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/" + n.vmssName());
            assertThat(n.providerId()).isEqualTo("azure:///subscriptions/3f2b8c1e-5d4a-4e9b-9c7d-1a2b3c4d5e6f/resourceGroups/"
                    + "mc_rg-prod-weu_aks-prod-weu_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/"
                    + n.vmssName() + "/virtualMachines/" + n.instanceId());
        });
        // one scale-set number per cluster, shared by all pools
        assertThat(nodes.stream().map(n -> n.name().split("-")[2]).distinct()).hasSize(1);
        assertThat(nodes).filteredOn(n -> n.pool().name().equals("memory"))
                .extracting(NodePlan::name).allMatch(name -> name.endsWith("vmss000000") || name.endsWith("vmss000001"));
    }

    @Test
    void theAppsPoolScalesOutOnWeekdaysWithNewInstanceIdsAndNotAtWeekends() {
        List<NodePlan> tuesday = burstNodes(TUESDAY);
        List<NodePlan> saturday = burstNodes(SATURDAY);

        assertThat(tuesday).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allSatisfy(n -> {
                    assertThat(n.instanceId()).isGreaterThanOrEqualTo(3);
                    assertThat(Instant.ofEpochSecond(n.created())).isBetween(TUESDAY.plus(Duration.ofHours(7)),
                            TUESDAY.plus(Duration.ofHours(8)));
                    assertThat(Instant.ofEpochSecond(n.deleted())).isBetween(TUESDAY.plus(Duration.ofHours(19)),
                            TUESDAY.plus(Duration.ofHours(20)));
                });
        assertThat(saturday).isEmpty();
        // instance ids keep growing: the next weekday's nodes come after Tuesday's
        assertThat(burstNodes(TUESDAY.plus(Duration.ofDays(1)))).allSatisfy(n ->
                assertThat(n.instanceId()).isGreaterThan(tuesday.get(tuesday.size() - 1).instanceId()));
    }

    @Test
    void aNodeRemovedByTheAutoscalerTakesAllItsSeriesWithIt() {
        NodePlan burst = burstNodes(TUESDAY).get(0);
        Instant deleted = Instant.ofEpochSecond(burst.deleted());
        List<Sample> rendered = samples(render(new FleetSimulator(DEMO), deleted.minus(Duration.ofMinutes(10)),
                deleted.plus(Duration.ofMinutes(10)))).stream().filter(s -> s.cluster().equals("aks-prod-weu")).toList();
        String kubelet = burst.internalIp() + ":10250";

        List<Sample> before = rendered.stream().filter(s -> s.time().isBefore(deleted)).toList();
        List<Sample> after = rendered.stream().filter(s -> !s.time().isBefore(deleted)).toList();
        assertThat(before).anySatisfy(s -> assertThat(s.name()).isEqualTo("kube_node_info"))
                .filteredOn(s -> s.label("node").equals(burst.name())).isNotEmpty();
        assertThat(before).filteredOn(s -> s.label("instance").equals(kubelet)).isNotEmpty();
        assertThat(after).isNotEmpty()
                .noneMatch(s -> s.label("node").equals(burst.name()) || s.label("instance").equals(kubelet));
        // the HPA's extra checkout replicas were evicted in the drain, three minutes before the VM went
        assertThat(rendered).filteredOn(s -> s.name().equals("kube_pod_info") && s.label("node").equals(burst.name())
                        && s.label("pod").startsWith("checkout-api-"))
                .allSatisfy(s -> assertThat(s.time()).isBefore(deleted.minusSeconds(180)));
    }

    @Test
    void nodeHoursCountTheSecondsTheVmExistedNotWhenKubernetesSawIt() {
        NodePlan burst = burstNodes(TUESDAY).get(0);
        GroundTruth truth = new FleetSimulator(DEMO).groundTruth(TUESDAY, TUESDAY.plus(Duration.ofDays(1)));

        Map<Instant, Long> seconds = truth.nodes().entrySet().stream()
                .filter(e -> e.getKey().node().equals(burst.name()))
                .collect(Collectors.toMap(e -> e.getKey().hour(), e -> e.getValue().existedSeconds()));
        assertThat(seconds.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(burst.deleted() - burst.created());
        assertThat(seconds).hasSize(13);
        Instant firstHour = Instant.ofEpochSecond(burst.created() - Math.floorMod(burst.created(), 3600));
        assertThat(seconds.get(firstHour)).isEqualTo(firstHour.getEpochSecond() + 3600 - burst.created());

        NodeUsage usage = truth.nodes().get(new NodeHour("aks-prod-weu", burst.name(), firstHour.plus(Duration.ofHours(1))));
        assertThat(usage.vmSize()).isEqualTo(VmSize.STANDARD_D8S_V5);
        assertThat(usage.pool()).isEqualTo("apps");
        assertThat(usage.existedSeconds()).isEqualTo(3600);
        assertThat(usage.listCost()).isEqualByComparingTo("0.440");

        // an always-on node existed every second of the day
        String systemNode = burst.name().replace("-apps-", "-system-").replaceAll("vmss[0-9a-z]{6}$", "vmss000000");
        assertThat(truth.nodes().entrySet()).filteredOn(e -> e.getKey().node().equals(systemNode))
                .hasSize(24).allSatisfy(e -> assertThat(e.getValue().existedSeconds()).isEqualTo(3600));
    }

    @Test
    void vmSizesCarryTheirRealShapeAndAnExactPrice() {
        assertThat(VmSize.STANDARD_D4S_V5.vcpus()).isEqualTo(4);
        assertThat(VmSize.STANDARD_D4S_V5.memoryGib()).isEqualTo(16);
        assertThat(VmSize.STANDARD_E8S_V5.vcpus()).isEqualTo(8);
        assertThat(VmSize.STANDARD_E8S_V5.memoryGib()).isEqualTo(64);
        assertThat(VmSize.STANDARD_D2S_V5.pricePerHour()).isEqualTo(new BigDecimal("0.110"));
        assertThat(VmSize.ofArmSkuName("standard_d8s_v5")).isEqualTo(VmSize.STANDARD_D8S_V5);
        // AKS reserves CPU by core count and memory by max pods (1.29+): a D4s_v5 schedules 3.86 cores
        assertThat(VmSize.STANDARD_D4S_V5.allocatableCpuMillis()).isEqualTo(3860);
        assertThat(VmSize.STANDARD_D4S_V5.reservedMemoryBytes(110)).isEqualTo((20L * 110 + 50 + 100) * 1024 * 1024);
    }

    private List<NodePlan> burstNodes(Instant day) {
        return prod.nodesOverlapping(day.getEpochSecond(), day.plus(Duration.ofDays(1)).getEpochSecond()).stream()
                .filter(NodePlan::burst)
                .filter(n -> n.created() >= day.getEpochSecond())
                .toList();
    }
}
