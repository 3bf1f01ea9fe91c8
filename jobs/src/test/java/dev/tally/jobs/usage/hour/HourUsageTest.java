package dev.tally.jobs.usage.hour;

import static dev.tally.jobs.usage.hour.Fleet.H;
import static dev.tally.jobs.usage.hour.Fleet.HOUR;
import static dev.tally.jobs.usage.hour.Fleet.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.jobs.usage.series.Labels;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HourUsageTest {

    private static UsageHourly only(HourUsage.Result r) {
        assertThat(r.usage()).hasSize(1);
        return r.usage().get(0);
    }

    @Test
    void cpuIsTheSumOfIncreasesBetweenSamplesFromTheHourStartToTheNextHourStart() {
        Fleet f = new Fleet();
        // 0.5 core steady from before the hour to after it: 1800 core-seconds in the hour
        f.every(Fleet.cpu("c1"), -600, 3600 + 60, 30, s -> 1000 + 0.5 * s);
        UsageHourly u = only(f.hour(H));
        assertThat(u.cpuUsageNanos()).isEqualTo(1_800_000_000_000L);
        assertThat(u.cpuUsageCoreSeconds()).isEqualByComparingTo("1800");
        assertThat(u.container()).isEqualTo("api");
        assertThat(u.podUid()).isEqualTo(Fleet.UID);
    }

    @Test
    void aCounterResetStartsANewCounterFromZero() {
        Fleet f = new Fleet();
        Labels cpu = Fleet.cpu("c1");
        f.add(cpu, at(0), 10);
        f.add(cpu, at(30), 20);   // +10
        f.add(cpu, at(60), 5);    // reset: +5
        f.add(cpu, at(90), 15);   // +10
        f.add(cpu, at(3600), 16); // next hour: +1 closes the last interval
        assertThat(only(f.hour(H)).cpuUsageNanos()).isEqualTo(26_000_000_000L);
    }

    @Test
    void aScrapeGapCountsTheWholeIncreaseAcrossTheGap() {
        Fleet f = new Fleet();
        Labels cpu = Fleet.cpu("c1");
        f.add(cpu, at(0), 100);
        f.add(cpu, at(30), 101);
        f.add(cpu, at(1830), 131); // 30 minutes missing: +30
        f.add(cpu, at(3600), 140);
        assertThat(only(f.hour(H)).cpuUsageNanos()).isEqualTo(40_000_000_000L);
    }

    @Test
    void theIntervalThatStraddlesTheHourBelongsToTheHourItStartedIn() {
        Fleet f = new Fleet();
        Labels cpu = Fleet.cpu("c1");
        f.add(cpu, at(3570), 10);
        f.add(cpu, at(3600), 13);  // [3570, 3600) in hour H: +3
        f.add(cpu, at(3630), 20);  // [3600, 3630) in hour H+1: +7
        f.add(cpu, at(3660), 20);
        assertThat(only(f.hour(H)).cpuUsageNanos()).isEqualTo(3_000_000_000L);
        assertThat(only(f.hour(H + HOUR)).cpuUsageNanos()).isEqualTo(7_000_000_000L);
    }

    @Test
    void theNextHoursFirstSampleArrivingLateChangesTheHourAndItsVersionSoTheNewRowReplacesTheOld() {
        // the next hour's scrape at 3600 s is delayed (a 503, retried): the hour is first computed
        // with 3630 s closing its last interval, then again when 3600 s arrives. The second result
        // must carry a higher version, or the first (which also counts [3600, 3630), the next hour's)
        // would stay, and that interval would be counted twice: in this hour and in the next
        Fleet f = new Fleet();
        Labels cpu = Fleet.cpu("c1");
        f.add(cpu, at(3570), 10);
        f.add(cpu, at(3630), 20);
        HourUsage.Result early = f.hour(H);
        assertThat(only(early).cpuUsageNanos()).isEqualTo(10_000_000_000L);
        f.add(cpu, at(3600), 13);
        HourUsage.Result late = f.hour(H);
        assertThat(only(late).cpuUsageNanos()).isEqualTo(3_000_000_000L);
        assertThat(late.version()).as("the version of the hour recomputed with the late sample").isGreaterThan(early.version());
    }

    @Test
    void aLateSampleOfThePreviousHourRaisesTheHoursVersion() {
        Fleet f = new Fleet();
        Labels cpu = Fleet.cpu("c1");
        f.add(cpu, at(-60), 7);
        f.every(cpu, 0, 3630, 30, s -> 10 + s / 10.0);
        HourUsage.Result before = f.hour(H);
        f.add(cpu, at(-30), 8);   // the previous hour's last scrape, delayed
        HourUsage.Result after = f.hour(H);
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(only(after).cpuUsageNanos()).isEqualTo(only(before).cpuUsageNanos());
    }

    @Test
    void aRestartedContainerIsANewSeriesWhoseFirstValueCountsWhenItStartedInTheHour() {
        Fleet f = new Fleet();
        f.add(Fleet.cpu("old"), at(0), 500);
        f.add(Fleet.cpu("old"), at(30), 503);      // +3, then OOM-killed right after the scrape
        f.add(Fleet.startTime("new"), at(90), H / 1000.0 + 45);
        f.add(Fleet.cpu("new"), at(60), 0.25);     // started at 45 s: counts from 0 → +0.25
        f.add(Fleet.cpu("new"), at(90), 1.25);     // +1
        f.add(Fleet.cpu("new"), at(3600), 1.25);
        // a container that started long before is a baseline, not usage
        f.add(Fleet.startTime("long"), at(0), H / 1000.0 - 86_400);
        UsageHourly u = only(f.hour(H));
        assertThat(u.cpuUsageNanos()).isEqualTo(4_250_000_000L);
    }

    @Test
    void aRunThatStartedInTheHourButWasFirstScrapedInTheNextCountsInTheHourItStarted() {
        Fleet f = new Fleet();
        f.add(Fleet.startTime("new"), at(3600), H / 1000.0 + 3590);
        f.add(Fleet.cpu("new"), at(3600), 0.004);
        f.add(Fleet.cpu("new"), at(3630), 0.010);
        assertThat(only(f.hour(H)).cpuUsageNanos()).isEqualTo(4_000_000L);
        assertThat(only(f.hour(H + HOUR)).cpuUsageNanos()).isEqualTo(6_000_000L);
    }

    @Test
    void podLevelCadvisorSeriesNeverCount() {
        Fleet f = new Fleet();
        f.every(Fleet.cadvisor(UsageFamilies.CPU_USAGE, "", "", "cpu", "total"), 0, 3630, 30, s -> s);
        f.every(Fleet.cadvisor(UsageFamilies.WORKING_SET, "", ""), 0, 3600, 30, s -> 1e9);
        f.every(Fleet.cadvisor(UsageFamilies.CPU_USAGE, "POD", "pause", "cpu", "total"), 0, 3630, 30, s -> s);
        f.every(Fleet.cpu("c1"), 0, 3630, 30, s -> s / 10.0);
        f.every(Fleet.cadvisor(UsageFamilies.WORKING_SET, "api", "c1"), 0, 3600, 30, s -> 100 + s);
        UsageHourly u = only(f.hour(H));
        assertThat(u.cpuUsageNanos()).isEqualTo(360_000_000_000L);
        assertThat(u.memorySamples()).isEqualTo(120);
        assertThat(u.memoryWorkingSetMaxBytes()).isEqualTo(100 + 3570);
        assertThat(u.memoryWorkingSetAvgBytes()).isEqualTo(100 + 1785.0);
    }

    @Test
    void throttlingIsTheIncreaseOfBothCfsCounters() {
        Fleet f = new Fleet();
        f.every(Fleet.cadvisor(UsageFamilies.CFS_PERIODS, "api", "c1"), 0, 3630, 30, s -> 300 * (s / 30));
        f.every(Fleet.cadvisor(UsageFamilies.CFS_THROTTLED, "api", "c1"), 0, 3630, 30, s -> 30 * (s / 30));
        UsageHourly u = only(f.hour(H));
        assertThat(u.cpuCfsPeriods()).isEqualTo(36_000);
        assertThat(u.cpuCfsThrottledPeriods()).isEqualTo(3_600);
    }

    @Test
    void requestsAndLimitsAreHeldWhileThePodIsRunningUntilTheNextScrape() {
        Fleet f = new Fleet();
        Labels cpuRequest = Fleet.ksm(UsageFamilies.REQUESTS, "container", "api", "node", "aks-apps-1",
                "resource", "cpu", "unit", "core");
        Labels memoryLimit = Fleet.ksm(UsageFamilies.LIMITS, "container", "api", "node", "aks-apps-1",
                "resource", "memory", "unit", "byte");
        Labels running = Fleet.ksm(UsageFamilies.POD_PHASE, "phase", "Running");
        f.every(cpuRequest, 0, 3630, 30, s -> 0.25);
        f.every(memoryLimit, 0, 3630, 30, s -> 536_870_912);
        f.every(running, 0, 3630, 30, s -> s < 600 ? 0 : 1); // Pending for the first 10 minutes
        UsageHourly u = only(f.hour(H));
        assertThat(u.podRunningSeconds()).isEqualByComparingTo("3000");
        assertThat(u.cpuRequestCoreSeconds()).isEqualByComparingTo("750");
        assertThat(u.memoryLimitByteSeconds()).isEqualByComparingTo(BigDecimal.valueOf(536_870_912L * 3000));
        assertThat(u.cpuLimitCoreSeconds()).isEqualByComparingTo("0");
        assertThat(u.node()).isEqualTo("aks-apps-1");
    }

    @Test
    void restartsAndOomKillsComeFromKubeStateMetrics() {
        Fleet f = new Fleet();
        Labels restarts = Fleet.ksm(UsageFamilies.RESTARTS, "container", "api");
        Labels running = Fleet.ksm(UsageFamilies.RUNNING, "container", "api");
        Labels info = Fleet.ksm(UsageFamilies.CONTAINER_INFO, "container", "api", "container_id", "containerd://x");
        Labels oom = Fleet.ksm(UsageFamilies.LAST_TERMINATED, "container", "api", "reason", "OOMKilled");
        f.every(info, 0, 3630, 30, s -> 1);
        // killed right after 600 s and restarted 10 s later; killed after 1200 s, back-off 300 s
        f.every(restarts, 0, 3630, 30, s -> s <= 600 ? 3 : s <= 1500 ? 4 : 5);
        f.every(running, 0, 3630, 30, s -> s > 1200 && s <= 1500 ? 0 : 1);
        f.every(oom, 630, 3630, 30, s -> 1);
        UsageHourly u = only(f.hour(H));
        assertThat(u.restarts()).isEqualTo(2);
        assertThat(u.oomKills()).isEqualTo(2);
    }

    @Test
    void aCompletedJobPodIsNotAnOomKill() {
        Fleet f = new Fleet();
        Labels restarts = Fleet.ksm(UsageFamilies.RESTARTS, "container", "api");
        Labels running = Fleet.ksm(UsageFamilies.RUNNING, "container", "api");
        Labels succeeded = Fleet.ksm(UsageFamilies.POD_PHASE, "phase", "Succeeded");
        Labels oom = Fleet.ksm(UsageFamilies.LAST_TERMINATED, "container", "api", "reason", "OOMKilled");
        f.every(restarts, 0, 3630, 30, s -> 1);
        f.every(oom, 0, 3630, 30, s -> 1); // killed once before this hour
        f.every(running, 0, 3630, 30, s -> s <= 900 ? 1 : 0);
        f.every(succeeded, 0, 3630, 30, s -> s <= 900 ? 0 : 1);
        assertThat(only(f.hour(H)).oomKills()).isZero();
    }

    @Test
    void ownershipFollowsReplicaSetToDeploymentAndJobToCronJob() {
        Fleet f = new Fleet();
        f.every(Fleet.ksm(UsageFamilies.POD_OWNER, "owner_kind", "ReplicaSet", "owner_name", "api-7d9f",
                "owner_is_controller", "true"), 0, 3600, 30, s -> 1);
        f.every(Labels.of(Labels.NAME, UsageFamilies.REPLICASET_OWNER, "job", "kube-state-metrics", "instance", "ksm:8080",
                "namespace", "shop", "replicaset", "api-7d9f", "owner_kind", "Deployment", "owner_name", "api",
                "owner_is_controller", "true"), 0, 3600, 30, s -> 1);
        f.every(Fleet.ksm(UsageFamilies.POD_INFO, "node", "aks-apps-7", "created_by_kind", "ReplicaSet"), 0, 3600, 30, s -> 1);
        f.every(Fleet.ksm(UsageFamilies.RESTARTS, "container", "api"), 0, 3600, 30, s -> 0);
        UsageHourly u = only(f.hour(H));
        assertThat(u.workloadKind()).isEqualTo("Deployment");
        assertThat(u.workloadName()).isEqualTo("api");
        assertThat(u.node()).isEqualTo("aks-apps-7");
    }

    @Test
    void theVersionGrowsWithEverySampleTheHourIsComputedFrom() {
        Fleet f = new Fleet();
        f.every(Fleet.cpu("c1"), 0, 3600, 60, s -> s);
        long before = f.hour(H).version();
        f.add(Fleet.cpu("c1"), at(30), 30);  // a late sample inside the hour
        HourUsage.Result after = f.hour(H);
        assertThat(after.version()).isGreaterThan(before);
        assertThat(only(after).cpuUsageNanos()).isEqualTo(3_540_000_000_000L);
        f.add(Fleet.cpu("c1"), at(30), 30);  // the same sample again (a replay, an HA copy)
        assertThat(f.hour(H).version()).isEqualTo(after.version());
    }

    @Test
    void nodesComeWithPoolVmSizeScaleSetAndResources() {
        Fleet f = new Fleet();
        String provider = "azure:///subscriptions/s1/resourceGroups/mc_rg_c1_westeurope/providers/Microsoft.Compute/"
                + "virtualMachineScaleSets/aks-apps-12345678-vmss/virtualMachines/3";
        Labels info = Labels.of(Labels.NAME, UsageFamilies.NODE_INFO, "job", "kube-state-metrics", "instance", "ksm:8080",
                "node", "aks-apps-12345678-vmss000003", "provider_id", provider);
        Labels labels = Labels.of(Labels.NAME, UsageFamilies.NODE_LABELS, "job", "kube-state-metrics", "instance", "ksm:8080",
                "node", "aks-apps-12345678-vmss000003", "label_kubernetes_azure_com_agentpool", "apps",
                "label_node_kubernetes_io_instance_type", "Standard_D8s_v5");
        Labels cpu = Labels.of(Labels.NAME, UsageFamilies.NODE_ALLOCATABLE, "job", "kube-state-metrics", "instance", "ksm:8080",
                "node", "aks-apps-12345678-vmss000003", "resource", "cpu", "unit", "core");
        f.every(info, 1200, 3630, 30, s -> 1); // joined 20 minutes into the hour
        f.every(labels, 1200, 3630, 30, s -> 1);
        f.every(cpu, 1200, 3630, 30, s -> 7.82);
        List<NodeHourly> nodes = f.hour(H).nodes();
        assertThat(nodes).hasSize(1);
        NodeHourly n = nodes.get(0);
        assertThat(n.nodePool()).isEqualTo("apps");
        assertThat(n.vmSize()).isEqualTo("Standard_D8s_v5");
        assertThat(n.vmssResourceId()).isEqualTo("/subscriptions/s1/resourceGroups/mc_rg_c1_westeurope/providers/"
                + "Microsoft.Compute/virtualMachineScaleSets/aks-apps-12345678-vmss");
        assertThat(n.allocatableCpuCores()).isEqualTo(7.82);
        assertThat(n.secondsPresent()).isEqualByComparingTo("2400");
    }

    @Test
    void volumesJoinClaimToVolumeToDisk() {
        Fleet f = new Fleet();
        String disk = "/subscriptions/s1/resourceGroups/mc_rg/providers/Microsoft.Compute/disks/pvc-1";
        f.every(Labels.of(Labels.NAME, UsageFamilies.PVC_INFO, "job", "kube-state-metrics", "instance", "ksm:8080",
                "namespace", "search", "persistentvolumeclaim", "data-es-0", "storageclass", "managed-csi-premium",
                "volumename", "pvc-1"), 0, 3630, 30, s -> 1);
        f.every(Labels.of(Labels.NAME, UsageFamilies.PVC_REQUEST, "job", "kube-state-metrics", "instance", "ksm:8080",
                "namespace", "search", "persistentvolumeclaim", "data-es-0"), 0, 3630, 30, s -> 274_877_906_944L);
        f.every(Labels.of(Labels.NAME, UsageFamilies.PV_INFO, "job", "kube-state-metrics", "instance", "ksm:8080",
                "persistentvolume", "pvc-1", "storageclass", "managed-csi-premium", "csi_driver", "disk.csi.azure.com",
                "csi_volume_handle", disk), 0, 3630, 30, s -> 1);
        List<VolumeHourly> volumes = f.hour(H).volumes();
        assertThat(volumes).singleElement().satisfies(v -> {
            assertThat(v.namespace()).isEqualTo("search");
            assertThat(v.volume()).isEqualTo("pvc-1");
            assertThat(v.diskResourceId()).isEqualTo(disk);
            assertThat(v.requestedBytes()).isEqualTo(274_877_906_944.0);
            assertThat(v.secondsPresent()).isEqualByComparingTo("3600");
        });
    }

    @Test
    void podUidsComeFromSystemdAndCgroupfsPaths() {
        assertThat(HourUsage.podUidOf(Fleet.CGROUP + "/cri-containerd-abc.scope")).isEqualTo(Fleet.UID);
        assertThat(HourUsage.podUidOf("/kubepods/burstable/pod" + Fleet.UID + "/abc")).isEqualTo(Fleet.UID);
        assertThat(HourUsage.podUidOf("/system.slice/kubelet.service")).isNull();
    }

    @Test
    void aTargetsScrapeInstantsAreTheSortedUnionOfItsSeriesInstants() {
        Random random = new Random(20261126L);
        for (int c = 0; c < 300; c++) {
            long[] a = randomInstants(random);
            long[] b = random.nextInt(4) == 0 ? a.clone() : randomInstants(random);
            TreeSet<Long> expected = new TreeSet<>();
            for (long t : a) {
                expected.add(t);
            }
            for (long t : b) {
                expected.add(t);
            }
            assertThat(HourUsage.sortedUnion(a, b)).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private static long[] randomInstants(Random random) {
        TreeSet<Long> instants = new TreeSet<>();
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
            instants.add((long) random.nextInt(40) * 15_000L);
        }
        return instants.stream().mapToLong(Long::longValue).toArray();
    }
}
