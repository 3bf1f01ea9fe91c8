package dev.tally.ingest.costs.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives {@link KubernetesHints} from what Azure writes on AKS resources (all comparisons
 * ignore case, since exports disagree on it):
 * <ul>
 *   <li>cluster: tag {@code aks-managed-cluster-name} or {@code kubernetes-cluster-name}; else the
 *       managed cluster's own id ({@code …/managedClusters/<name>}); else the node resource group
 *       {@code MC_<rg>_<cluster>_<region>}. Region names have no underscore, so the region is the
 *       last piece; when the middle has more than one underscore the split is ambiguous and the
 *       cluster is taken as the piece after the last one (AKS names rarely contain underscores,
 *       resource groups often do).</li>
 *   <li>node pool: tag {@code aks-managed-poolName} or {@code poolName}; else the name
 *       {@code aks-<pool>-<digits>-vmss} (scale set), {@code aks-<pool>-<digits>-<n>} (availability
 *       set VM) or an OS disk {@code aks-<pool>-<digits>-…}.</li>
 *   <li>VM: {@code AdditionalInfo.VMName} (or {@code VmName} on bandwidth rows); size: {@code ServiceType}.</li>
 *   <li>PVC: disk tags {@code kubernetes.io-created-for-pvc-namespace}/{@code -name}/{@code pv-name};
 *       PV name from disk names {@code pvc-<uid>} (CSI) or {@code kubernetes-dynamic-pvc-<uid>} (in-tree).</li>
 *   <li>public IP of a LoadBalancer service: tag {@code k8s-azure-service} (or, from older cloud
 *       providers, {@code service}) = {@code <namespace>/<service>}.</li>
 * </ul>
 * A row is AKS when any of these signals is present; its kind comes from the resource type in the id.
 */
public final class KubernetesHintRules {
    private KubernetesHintRules() {}

    private static final Pattern VMSS = Pattern.compile("(?i)aks-([a-z0-9]+)-\\d+-vmss(?:_\\d+)?");
    private static final Pattern AVSET_VM = Pattern.compile("(?i)aks-([a-z0-9]+)-\\d+-\\d+");
    private static final Pattern OS_DISK = Pattern.compile("(?i)aks-([a-z0-9]+)-\\d+-.*osdisk.*");
    private static final Pattern PV_DISK = Pattern.compile("(?i)(?:kubernetes-dynamic-)?(pvc-[0-9a-f-]{36})");
    private static final Pattern[] POOL_NAMES = {VMSS, AVSET_VM, OS_DISK};
    private static final Pattern CLUSTER_LB = Pattern.compile("(?i)kubernetes(-internal)?");
    private static final Pattern MANAGED_CLUSTER =
            Pattern.compile("(?i).*/resourcegroups/([^/]+)/providers/microsoft\\.containerservice/managedclusters/([^/]+)$");

    /** A node resource group's parts, or null when the name is not {@code MC_…_…_…}. */
    public record NodeResourceGroup(String clusterResourceGroup, String clusterName, String region) {}

    public static NodeResourceGroup parseNodeResourceGroup(String resourceGroup) {
        if (resourceGroup == null) {
            return null;
        }
        String rg = resourceGroup.strip();
        if (!rg.regionMatches(true, 0, "MC_", 0, 3)) {
            return null; // the cheap test first: this runs on every row
        }
        // MC_<middle>_<region>: the region is after the last underscore (a string cut, not a backtracking pattern)
        int last = rg.lastIndexOf('_');
        if (last < 4 || last == rg.length() - 1) {
            return null;
        }
        String middle = rg.substring(3, last);
        int cut = middle.lastIndexOf('_');
        if (cut <= 0 || cut == middle.length() - 1) {
            return null;
        }
        return new NodeResourceGroup(middle.substring(0, cut), middle.substring(cut + 1), rg.substring(last + 1));
    }

    /** The node pool a VMSS / VM / OS-disk name belongs to, or null. */
    public static String nodePoolFromName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip();
        if (!n.regionMatches(true, 0, "aks-", 0, 4)) {
            return null; // every pattern starts so; the cheap test first
        }
        for (Pattern p : POOL_NAMES) {
            Matcher m = p.matcher(n);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** {@code pvc-<uid>} from a persistent-volume disk name, or null. */
    public static String pvNameFromDiskName(String name) {
        if (name == null) {
            return null;
        }
        Matcher m = PV_DISK.matcher(name.strip());
        return m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /**
     * @param resourceId lower-cased resource id (may be null)
     * @param resourceName as written (may be null)
     * @param resourceGroup as written (may be null)
     */
    public static KubernetesHints derive(String resourceId, String resourceName, String resourceGroup,
            Map<String, String> tags, Map<String, String> skuDetails) {
        String id = resourceId == null ? "" : resourceId;
        String type = resourceType(id);
        NodeResourceGroup nodeRg = parseNodeResourceGroup(resourceGroup);

        String cluster = firstNonBlank(tag(tags, "aks-managed-cluster-name"), tag(tags, "kubernetes-cluster-name"));
        String clusterRg = tag(tags, "aks-managed-cluster-rg");
        // a backtracking pattern: only on ids of managed clusters (lower-cased), not on every row
        Matcher managed = MANAGED_CLUSTER.matcher(id);
        boolean isCluster = id.contains("/microsoft.containerservice/managedclusters/") && managed.matches();
        if (isCluster) {
            cluster = firstNonBlank(cluster, nameFromId(resourceName, managed.group(2)));
            clusterRg = firstNonBlank(clusterRg, resourceGroup != null ? resourceGroup : managed.group(1));
        }
        if (nodeRg != null) {
            cluster = firstNonBlank(cluster, nodeRg.clusterName());
            clusterRg = firstNonBlank(clusterRg, nodeRg.clusterResourceGroup());
        }

        String vmName = firstNonBlank(ignoreCase(skuDetails, "VMName"), null);
        String vmSize = ignoreCase(skuDetails, "ServiceType");
        String poolFromName = nodePoolFromName(resourceName);
        String pool = firstNonBlank(tag(tags, "aks-managed-poolName"), tag(tags, "poolName"),
                poolFromName, nodePoolFromName(vmName));

        String pvcNamespace = tag(tags, "kubernetes.io-created-for-pvc-namespace");
        String pvcName = tag(tags, "kubernetes.io-created-for-pvc-name");
        String pvName = firstNonBlank(tag(tags, "kubernetes.io-created-for-pv-name"),
                type.equals("microsoft.compute/disks") ? pvNameFromDiskName(resourceName) : null);

        String serviceNamespace = null;
        String serviceName = null;
        // cloud-provider-azure tags a Service's IP k8s-azure-service (current) or service (older releases)
        String service = firstNonBlank(tag(tags, "k8s-azure-service"), tag(tags, "service"));
        if (type.equals("microsoft.network/publicipaddresses") && service != null && service.contains("/")) {
            serviceNamespace = service.substring(0, service.indexOf('/'));
            serviceName = service.substring(service.indexOf('/') + 1);
        }

        boolean aksVmSignal = "Microsoft.AKS.Compute.AKS.Linux.Billing".equalsIgnoreCase(ignoreCase(skuDetails, "VMProperties"))
                || "Microsoft.AKS.Compute.AKS.Windows.Billing".equalsIgnoreCase(ignoreCase(skuDetails, "VMProperties"));
        boolean aksNamed = poolFromName != null
                || (type.equals("microsoft.compute/disks") && pvNameFromDiskName(resourceName) != null)
                || (type.equals("microsoft.network/publicipaddresses") && resourceName != null
                        && resourceName.toLowerCase(Locale.ROOT).startsWith("kubernetes-"))
                || (type.equals("microsoft.network/loadbalancers") && resourceName != null
                        && CLUSTER_LB.matcher(resourceName).matches());
        boolean aks = isCluster || nodeRg != null || cluster != null || pool != null || pvcNamespace != null
                || aksVmSignal || aksNamed || tag(tags, "aks-managed-orchestrator") != null;
        if (!aks) {
            return KubernetesHints.NONE;
        }
        AksResourceKind kind = isCluster ? AksResourceKind.CLUSTER : switch (type) {
            case "microsoft.compute/virtualmachinescalesets", "microsoft.compute/virtualmachines" -> AksResourceKind.NODE;
            case "microsoft.compute/disks" -> AksResourceKind.DISK;
            case "microsoft.network/loadbalancers" -> AksResourceKind.LOAD_BALANCER;
            case "microsoft.network/publicipaddresses" -> AksResourceKind.PUBLIC_IP;
            default -> AksResourceKind.OTHER;
        };
        return new KubernetesHints(kind, cluster, clusterRg, nodeRg == null ? null : resourceGroup.strip(), pool,
                vmName, vmSize, pvcNamespace, pvcName, pvName, serviceNamespace, serviceName);
    }

    /** {@code microsoft.compute/disks} from {@code …/providers/microsoft.compute/disks/<name>}; "" when none. */
    static String resourceType(String lowerId) {
        int p = lowerId.lastIndexOf("/providers/");
        if (p < 0) {
            return "";
        }
        String[] parts = lowerId.substring(p + "/providers/".length()).split("/");
        return parts.length >= 3 ? parts[0] + "/" + parts[1] : "";
    }

    private static String nameFromId(String resourceName, String fromId) {
        return resourceName != null && !resourceName.isBlank() ? resourceName : fromId;
    }

    private static String tag(Map<String, String> tags, String key) {
        return ignoreCase(tags, key);
    }

    private static String ignoreCase(Map<String, String> map, String key) {
        if (map == null) {
            return null;
        }
        String exact = map.get(key);
        if (exact != null) {
            return exact.isBlank() ? null : exact.strip();
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().strip().equalsIgnoreCase(key)) {
                return e.getValue() == null || e.getValue().isBlank() ? null : e.getValue().strip();
            }
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
