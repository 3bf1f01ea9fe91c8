package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.ContainerSpec;

import java.util.List;

/**
 * A pod's QoS class, which decides its cgroup (and so cAdvisor's {@code id} label). AKS nodes
 * run cgroup v2 with the systemd driver, so pod cgroups are slices like
 * {@code /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid with _>.slice}.
 */
public enum QosClass {
    GUARANTEED("Guaranteed"), BURSTABLE("Burstable"), BEST_EFFORT("BestEffort");

    private final String label;

    QosClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static QosClass of(List<ContainerSpec> containers) {
        boolean any = false;
        boolean guaranteed = true;
        for (ContainerSpec c : containers) {
            if (!c.requests().isEmpty() || !c.limits().isEmpty()) {
                any = true;
            }
            var req = c.effectiveRequests();
            var lim = c.limits();
            if (!lim.hasCpu() || !lim.hasMemory() || req.cpuMillis() != lim.cpuMillis()
                    || req.memoryBytes() != lim.memoryBytes()) {
                guaranteed = false;
            }
        }
        if (!any) {
            return BEST_EFFORT;
        }
        return guaranteed ? GUARANTEED : BURSTABLE;
    }

    /** The pod's cgroup path as cAdvisor reports it in {@code id}. */
    public String podCgroup(String podUid) {
        String u = podUid.replace('-', '_');
        return switch (this) {
            case GUARANTEED -> "/kubepods.slice/kubepods-pod" + u + ".slice";
            case BURSTABLE -> "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + u + ".slice";
            case BEST_EFFORT -> "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + u + ".slice";
        };
    }

    /** A container's cgroup: a containerd scope inside the pod's slice. */
    public String containerCgroup(String podUid, String containerId) {
        return podCgroup(podUid) + "/cri-containerd-" + containerId + ".scope";
    }
}
