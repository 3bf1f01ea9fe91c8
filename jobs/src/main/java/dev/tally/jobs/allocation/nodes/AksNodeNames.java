package dev.tally.jobs.allocation.nodes;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an AKS node's Kubernetes name relates to the Azure VM the cost export bills. A scale-set
 * node is named after its scale set plus the instance id in base 36, six digits
 * ({@code aks-agentpool-37660393-vmss00000a}); the export names the instance
 * {@code <scale set>_<instance id in decimal>} ({@code aks-agentpool-37660393-vmss_10}). A node of
 * an availability set has its VM's name. Compared in lower case: Azure names are case-insensitive.
 */
public final class AksNodeNames {
    private static final Pattern SCALE_SET_NODE = Pattern.compile("(.+-vmss)([0-9a-z]{6})");
    private static final Pattern SCALE_SET_VM = Pattern.compile("(.+-vmss)_(\\d+)");

    private AksNodeNames() {
    }

    /** The export's VM name for a node: {@code …-vmss00000a} → {@code …-vmss_10}; other names as they are. */
    public static String vmNameOf(String node) {
        String n = node.toLowerCase(Locale.ROOT);
        Matcher m = SCALE_SET_NODE.matcher(n);
        if (m.matches()) {
            return m.group(1) + "_" + Long.parseLong(m.group(2), 36);
        }
        return n;
    }

    /** The node a VM name belongs to: {@code …-vmss_10} → {@code …-vmss00000a}; other names as they are. */
    public static String nodeOf(String vmName) {
        String v = vmName.toLowerCase(Locale.ROOT);
        Matcher m = SCALE_SET_VM.matcher(v);
        if (m.matches()) {
            String id = Long.toString(Long.parseLong(m.group(2)), 36);
            return m.group(1) + "0".repeat(Math.max(0, 6 - id.length())) + id;
        }
        return v;
    }

    /** The scale set's name ({@code aks-agentpool-37660393-vmss}) of a scale-set node or VM name. */
    public static Optional<String> scaleSetOf(String nodeOrVmName) {
        String n = nodeOrVmName.toLowerCase(Locale.ROOT);
        Matcher vm = SCALE_SET_VM.matcher(n);
        if (vm.matches()) {
            return Optional.of(vm.group(1));
        }
        Matcher node = SCALE_SET_NODE.matcher(n);
        return node.matches() ? Optional.of(node.group(1)) : Optional.empty();
    }
}
