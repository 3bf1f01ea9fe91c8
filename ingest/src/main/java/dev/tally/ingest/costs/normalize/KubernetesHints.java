package dev.tally.ingest.costs.normalize;

/**
 * What a cost row tells about Kubernetes, derived by {@link KubernetesHintRules} from its
 * resource id, resource group, tags and additional info. Every field may be null (unknown);
 * {@link #NONE} for rows with no AKS signal.
 *
 * @param clusterName        the AKS cluster (from {@code aks-managed-cluster-name}/{@code kubernetes-cluster-name} tags, the managed cluster's id, or the node resource group)
 * @param clusterResourceGroup the resource group of the cluster resource (not the node group)
 * @param nodeResourceGroup  {@code MC_<rg>_<cluster>_<region>} as written
 * @param nodePool           from {@code aks-managed-poolName}/{@code poolName} tags or the VMSS/VM/disk name
 * @param vmName             VM or VMSS instance ({@code AdditionalInfo.VMName}/{@code VmName})
 * @param vmSize             {@code AdditionalInfo.ServiceType}, e.g. {@code Standard_DS2_v2}
 * @param pvcNamespace       for persistent-volume disks
 * @param pvcName            for persistent-volume disks
 * @param pvName             {@code pvc-<uid>} (CSI name, or derived from {@code kubernetes-dynamic-pvc-<uid>})
 * @param serviceNamespace   for LoadBalancer-service public IPs ({@code service} tag)
 * @param serviceName        for LoadBalancer-service public IPs
 */
public record KubernetesHints(
        AksResourceKind kind,
        String clusterName,
        String clusterResourceGroup,
        String nodeResourceGroup,
        String nodePool,
        String vmName,
        String vmSize,
        String pvcNamespace,
        String pvcName,
        String pvName,
        String serviceNamespace,
        String serviceName) {

    public static final KubernetesHints NONE =
            new KubernetesHints(null, null, null, null, null, null, null, null, null, null, null, null);

    public boolean isAks() {
        return kind != null;
    }
}
