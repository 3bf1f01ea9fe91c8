package dev.tally.local.fleet.model;

/**
 * An AKS agent pool (a VM scale set): {@code baseNodes} always-on nodes, and optionally a
 * business-hours scale-out on weekdays.
 */
public record NodePoolSpec(String name, VmSize vmSize, Mode mode, int baseNodes, int maxPods, Autoscale autoscale) {

    /** AKS pool mode, as label {@code kubernetes.azure.com/mode}. */
    public enum Mode {
        SYSTEM("system"), USER("user");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * On weekdays the cluster autoscaler adds 1…{@code maxBurstNodes} nodes (a different
     * number each day) from about {@code scaleOutHourUtc} and removes them from about
     * {@code scaleInHourUtc}; each node's start and stop are spread over 40 minutes.
     * Hours stay clear of the 05:00–07:00 release window.
     */
    public record Autoscale(int maxBurstNodes, int scaleOutHourUtc, int scaleInHourUtc) {
        public Autoscale {
            if (maxBurstNodes < 1 || scaleOutHourUtc < 7 || scaleInHourUtc <= scaleOutHourUtc || scaleInHourUtc > 22) {
                throw new IllegalArgumentException("autoscale window must lie within 07:00–23:00 UTC");
            }
        }
    }

    public NodePoolSpec {
        if (!name.matches("[a-z][a-z0-9]{0,11}")) {
            throw new IllegalArgumentException("AKS pool names are 1–12 lower-case alphanumerics: " + name);
        }
        if (baseNodes < 1 || maxPods < 10) {
            throw new IllegalArgumentException(name + ": bad node or pod count");
        }
    }

    public static NodePoolSpec fixed(String name, VmSize vmSize, Mode mode, int nodes) {
        return new NodePoolSpec(name, vmSize, mode, nodes, 110, null);
    }

    public static NodePoolSpec autoscaled(String name, VmSize vmSize, Mode mode, int baseNodes, Autoscale autoscale) {
        return new NodePoolSpec(name, vmSize, mode, baseNodes, 110, autoscale);
    }

    public boolean scalesOut() {
        return autoscale != null;
    }
}
