package dev.tally.ingest.costs.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.SharedCostData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each hint on real rows of the sample exports (read through the whole reader, by file and line),
 * plus the name rules on their own with ids taken from those files.
 */
class KubernetesHintRulesTest {

    static CostLineItem row(String file, CostView view, String currency, long line) throws Exception {
        try (var reader = CostExportReader.open(SharedCostData.root().resolve(file), new ReadOptions(view, currency))) {
            return reader.stream().filter(r -> r.sourceLine() == line).map(r -> (CostLineItem) r).findFirst().orElseThrow();
        }
    }

    static final String EA_AMORTIZED = "azure-cost/finops-toolkit/EA_AmortizedCost_Small.csv";
    static final String TEMPLATE = "azure-cost/opencost/values/Template.csv";

    @Test
    void nodeResourceGroupGivesClusterInEitherCase() {
        var upper = KubernetesHintRules.parseNodeResourceGroup("MC_ANALYTICSENGINE_ANALYTICSENGINE_EASTUS");
        assertThat(upper).isEqualTo(new KubernetesHintRules.NodeResourceGroup("ANALYTICSENGINE", "ANALYTICSENGINE", "EASTUS"));
        var lower = KubernetesHintRules.parseNodeResourceGroup("mc_aksccmextensibilitypoc_test-cluster-2_eastus");
        assertThat(lower).isEqualTo(new KubernetesHintRules.NodeResourceGroup("aksccmextensibilitypoc", "test-cluster-2", "eastus"));
        assertThat(KubernetesHintRules.parseNodeResourceGroup("Example-Resource-Group")).isNull();
        assertThat(KubernetesHintRules.parseNodeResourceGroup("MC_only_two")).isNull();
        assertThat(KubernetesHintRules.parseNodeResourceGroup("defaultresourcegroup-eus")).isNull();
    }

    @Test
    void nodePoolFromScaleSetVmAndOsDiskNames() {
        assertThat(KubernetesHintRules.nodePoolFromName("aks-agentpool-42850074-vmss")).isEqualTo("agentpool");
        assertThat(KubernetesHintRules.nodePoolFromName("aks-secretagent-37798712-vmss")).isEqualTo("secretagent");
        assertThat(KubernetesHintRules.nodePoolFromName("aks-agentpool-37660393-vmss_4")).isEqualTo("agentpool");
        assertThat(KubernetesHintRules.nodePoolFromName("aks-nodepool1-34567890-0")).isEqualTo("nodepool1");
        assertThat(KubernetesHintRules.nodePoolFromName("aks-nodepool1-34567890-0_OsDisk_1_abc")).isEqualTo("nodepool1");
        assertThat(KubernetesHintRules.nodePoolFromName("kubernetes")).isNull();
    }

    @Test
    void persistentVolumeNameFromCsiAndInTreeDiskNames() {
        assertThat(KubernetesHintRules.pvNameFromDiskName("pvc-ce11a08b-fe88-42df-8b88-5151819181d9"))
                .isEqualTo("pvc-ce11a08b-fe88-42df-8b88-5151819181d9");
        assertThat(KubernetesHintRules.pvNameFromDiskName("kubernetes-dynamic-pvc-1234abcd-ab12-cd34-ef56-123456abcd03"))
                .isEqualTo("pvc-1234abcd-ab12-cd34-ef56-123456abcd03");
        assertThat(KubernetesHintRules.pvNameFromDiskName("aks-agentpool-1_OsDisk_1")).isNull();
    }

    @Test
    void noHintsForRowsWithoutAnyAksSignal() {
        var h = KubernetesHintRules.derive(
                "/subscriptions/11111111-12ab-34dc-56ef-123456abcdef/resourcegroups/defaultresourcegroup-eus/providers/microsoft.operationalinsights/workspaces/defaultworkspace-11111111-12ab-34dc-56ef-123456abcdef-eus",
                "defaultworkspace-11111111-12ab-34dc-56ef-123456abcdef-eus", "defaultresourcegroup-eus", Map.of(), Map.of());
        assertThat(h).isEqualTo(KubernetesHints.NONE);
    }

    @Test
    void reservedScaleSetRowOfTheEaAmortizedExport() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        CostLineItem item = row(EA_AMORTIZED, CostView.AMORTIZED, null, 2);
        assertThat(item.resourceId()).isEqualTo("/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourcegroups/"
                + "mc_analyticsengine_analyticsengine_eastus/providers/microsoft.compute/virtualmachinescalesets/aks-agentpool-42850074-vmss");
        KubernetesHints h = item.kubernetes();
        assertThat(h.kind()).isEqualTo(AksResourceKind.NODE);
        assertThat(h.clusterName()).isEqualTo("ANALYTICSENGINE");
        assertThat(h.nodeResourceGroup()).isEqualTo("MC_ANALYTICSENGINE_ANALYTICSENGINE_EASTUS");
        assertThat(h.nodePool()).isEqualTo("agentpool");
        assertThat(h.vmName()).isEqualTo("aks-agentpool-42850074-vmss_1");
        assertThat(h.vmSize()).isEqualTo("Standard_DS2_v2");
        assertThat(item.pricingCategory()).isEqualTo(PricingCategory.COMMITTED);
        assertThat(item.commitmentDiscountType()).isEqualTo("Reservation");
        assertThat(item.commitmentDiscountStatus()).isEqualTo("Used");
        assertThat(item.commitmentDiscountId()).startsWith("/providers/microsoft.capacity/reservationorders/a965d46f");
        assertThat(item.effectiveCost()).isEqualByComparingTo("0.493152");
        assertThat(item.billedCost()).isEqualByComparingTo("0");
    }

    @Test
    void savingsPlanScaleSetRow() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        CostLineItem item = row(EA_AMORTIZED, CostView.AMORTIZED, null, 3);
        assertThat(item.kubernetes().nodePool()).isEqualTo("secretagent");
        assertThat(item.kubernetes().vmSize()).isEqualTo("Standard_B2s");
        assertThat(item.commitmentDiscountType()).isEqualTo("Savings Plan");
        assertThat(item.commitmentDiscountId()).startsWith("/providers/microsoft.billingbenefits/savingsplanorders/");
        assertThat(item.effectiveCost()).isEqualByComparingTo("0.006000000468");
    }

    @Test
    void csiPersistentVolumeDiskGoesToItsClaim() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        KubernetesHints h = row(EA_AMORTIZED, CostView.AMORTIZED, null, 5).kubernetes();
        assertThat(h.kind()).isEqualTo(AksResourceKind.DISK);
        assertThat(h.clusterName()).isEqualTo("TEST-CLUSTER-1");
        assertThat(h.pvcNamespace()).isEqualTo("e2e-test-wi");
        assertThat(h.pvcName()).isEqualTo("e2etest-prom-wi");
        assertThat(h.pvName()).isEqualTo("pvc-ce11a08b-fe88-42df-8b88-5151819181d9");
    }

    @Test
    void lowerCaseNodeResourceGroupAndBandwidthVmName() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        KubernetesHints h = row(EA_AMORTIZED, CostView.AMORTIZED, null, 11).kubernetes();
        assertThat(h.clusterName()).isEqualTo("test-cluster-2");
        assertThat(h.clusterResourceGroup()).isEqualTo("aksccmextensibilitypoc");
        assertThat(h.nodePool()).isEqualTo("agentpool");
        assertThat(h.vmName()).isEqualTo("aks-agentpool-37660393-vmss_4"); // key VmName on bandwidth rows
    }

    @Test
    void clusterLoadBalancerAndServicePublicIpWithoutNodeResourceGroup() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        KubernetesHints lb = row(TEMPLATE, CostView.ACTUAL, "USD", 2).kubernetes();
        assertThat(lb.kind()).isEqualTo(AksResourceKind.LOAD_BALANCER);
        KubernetesHints ip = row(TEMPLATE, CostView.ACTUAL, "USD", 15).kubernetes();
        assertThat(ip.kind()).isEqualTo(AksResourceKind.PUBLIC_IP);
        assertThat(ip.serviceNamespace()).isEqualTo("kubecost");
        assertThat(ip.serviceName()).isEqualTo("kubecost-frontend-test");
    }

    @Test
    void servicePublicIpTaggedByTodaysCloudProvider() {
        // As current AKS tags a LoadBalancer Service's IP (k8s-azure-service; the cluster tag says "kubernetes").
        KubernetesHints ip = KubernetesHintRules.derive(
                "/subscriptions/s/resourcegroups/mc_aks-rg_qualidev-aks_westeurope/providers/microsoft.network/publicipaddresses/kubernetes-aa05f05d3fa1144f7a8ea204fac5ac72",
                "kubernetes-aa05f05d3fa1144f7a8ea204fac5ac72", "mc_aks-rg_qualidev-aks_westeurope",
                java.util.Map.of("aks-managed-cluster-name", "qualidev-aks", "aks-managed-cluster-rg", "aks-rg",
                        "k8s-azure-cluster-name", "kubernetes", "k8s-azure-service", "qa-sandboxes/nginx-f785a"),
                java.util.Map.of());
        assertThat(ip.kind()).isEqualTo(AksResourceKind.PUBLIC_IP);
        assertThat(ip.clusterName()).isEqualTo("qualidev-aks");
        assertThat(ip.serviceNamespace()).isEqualTo("qa-sandboxes");
        assertThat(ip.serviceName()).isEqualTo("nginx-f785a");
    }

    @Test
    void inTreeDynamicDiskAndAvailabilitySetVmFromTemplate() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        KubernetesHints disk = row(TEMPLATE, CostView.ACTUAL, "USD", 4).kubernetes();
        assertThat(disk.kind()).isEqualTo(AksResourceKind.DISK);
        assertThat(disk.pvcNamespace()).isEqualTo("kubecost");
        assertThat(disk.pvcName()).isEqualTo("kubecost-prometheus-pushgateway");
        assertThat(disk.pvName()).isEqualTo("pvc-1234abcd-ab12-cd34-ef56-123456abcd03");
        KubernetesHints vm = row(TEMPLATE, CostView.ACTUAL, "USD", 6).kubernetes();
        assertThat(vm.kind()).isEqualTo(AksResourceKind.NODE);
        assertThat(vm.nodePool()).isEqualTo("nodepool1");
        assertThat(vm.vmSize()).isEqualTo("Standard_DS2_v2");
        assertThat(vm.vmName()).isNull(); // VMName is JSON null on availability-set VMs
        KubernetesHints vmss = row(TEMPLATE, CostView.ACTUAL, "USD", 3).kubernetes();
        assertThat(vmss.vmName()).isEqualTo("aks-nodepool1-12345678-vmss_0");
    }

    @Test
    void managedClusterAndNodeScaleSetInTheFocusSample() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        CostLineItem cluster = row("focus/focus_sample.csv", CostView.ACTUAL, null, 955);
        assertThat(cluster.serviceName()).isEqualTo("Azure Kubernetes Service");
        assertThat(cluster.kubernetes().kind()).isEqualTo(AksResourceKind.CLUSTER);
        assertThat(cluster.kubernetes().clusterName()).isEqualTo("AnalyticsEngine");
        assertThat(cluster.tags()).containsEntry("test", ",NULL,NULL,").containsEntry("ms:Department", "test");
        CostLineItem vmss = row("focus/focus_sample.csv", CostView.ACTUAL, null, 983);
        assertThat(vmss.kubernetes().kind()).isEqualTo(AksResourceKind.NODE);
        assertThat(vmss.kubernetes().nodePool()).isEqualTo("secretagent");
        assertThat(vmss.kubernetes().clusterName()).isNotNull();
        assertThat(vmss.resourceGroupName()).isEqualTo("mc_analyticsengine_analyticsengine_eastus");
    }
}
