package dev.tally.local.fleet.truth;

import dev.tally.local.fleet.model.VmSize;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A node's hour: how many seconds its VM existed (what Azure bills: from VM creation to
 * deletion, not from when Kubernetes saw the node), its pool, size and scale set.
 */
public record NodeUsage(String pool, VmSize vmSize, String vmssResourceId, int instanceId, long existedSeconds) {

    /**
     * The hour's list price of this node at the VM size's pay-as-you-go rate: price per hour ×
     * seconds / 3600, to 10 decimal places (half-even); exact whenever the node existed whole hours.
     */
    public BigDecimal listCost() {
        return vmSize.pricePerHour().multiply(BigDecimal.valueOf(existedSeconds))
                .divide(BigDecimal.valueOf(3600), 10, RoundingMode.HALF_EVEN);
    }
}
