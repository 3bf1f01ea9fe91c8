package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.StorageClass;
import dev.tally.local.fleet.model.VolumeClaimSpec;

/**
 * A bound PersistentVolumeClaim, its dynamically provisioned PersistentVolume
 * ({@code pvc-<claim uid>}) and the Azure managed disk behind it (named like the PV, in the
 * cluster's node resource group). Exists from {@code created} on.
 */
public record VolumePlan(String namespace, String claimName, String volumeName, VolumeClaimSpec spec,
                         String diskResourceId, long created) {

    public StorageClass storageClass() {
        return spec.storageClass();
    }

    public long sizeBytes() {
        return spec.sizeBytes();
    }

    public boolean visibleAt(long t) {
        return created <= t;
    }

    /** Bytes used at {@code t}: the disk fills linearly from its initial level, capped at 95%. */
    public long usedBytesAt(long t) {
        double days = Math.max(0, t - created) / 86_400.0;
        double fill = Math.min(0.95, spec.initialFill() + spec.fillPerDay() * days);
        return (long) (spec.sizeBytes() * fill) / 4096 * 4096;
    }
}
