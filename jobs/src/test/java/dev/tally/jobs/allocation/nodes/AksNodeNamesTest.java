package dev.tally.jobs.allocation.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AksNodeNamesTest {

    @Test
    void aScaleSetNodesInstanceIdIsBase36InItsNameAndDecimalInTheExport() {
        assertThat(AksNodeNames.vmNameOf("aks-agentpool-37660393-vmss00000a")).isEqualTo("aks-agentpool-37660393-vmss_10");
        assertThat(AksNodeNames.vmNameOf("aks-nodepool1-12345678-vmss000000")).isEqualTo("aks-nodepool1-12345678-vmss_0");
        assertThat(AksNodeNames.vmNameOf("aks-user-12345678-vmss0000zz")).isEqualTo("aks-user-12345678-vmss_1295");
        assertThat(AksNodeNames.nodeOf("aks-agentpool-37660393-vmss_4")).isEqualTo("aks-agentpool-37660393-vmss000004");
        assertThat(AksNodeNames.nodeOf("AKS-User-12345678-VMSS_1295")).isEqualTo("aks-user-12345678-vmss0000zz");
    }

    @Test
    void namesThatAreNotScaleSetInstancesStayAsTheyAre() {
        assertThat(AksNodeNames.vmNameOf("aks-nodepool1-12345678-0")).isEqualTo("aks-nodepool1-12345678-0");
        assertThat(AksNodeNames.scaleSetOf("aks-nodepool1-12345678-0")).isEmpty();
        assertThat(AksNodeNames.scaleSetOf("aks-secretagent-37798712-vmss_1")).contains("aks-secretagent-37798712-vmss");
        assertThat(AksNodeNames.scaleSetOf("aks-secretagent-37798712-vmss000001")).contains("aks-secretagent-37798712-vmss");
    }
}
