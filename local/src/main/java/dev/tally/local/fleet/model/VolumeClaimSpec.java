package dev.tally.local.fleet.model;

/**
 * A PersistentVolumeClaim on an Azure managed disk: a StatefulSet's claim template (one claim
 * per replica, named {@code <name>-<statefulset>-<ordinal>}), or a standalone claim.
 * The disk fills from {@code initialFill} by {@code fillPerDay} of its size per day, capped at 95%.
 */
public record VolumeClaimSpec(String name, StorageClass storageClass, long sizeBytes, double initialFill,
                              double fillPerDay) {

    public VolumeClaimSpec {
        if (sizeBytes <= 0 || initialFill < 0 || initialFill > 1 || fillPerDay < 0) {
            throw new IllegalArgumentException("bad volume claim " + name);
        }
    }

    public static VolumeClaimSpec gib(String name, StorageClass storageClass, int gib, double initialFill,
                                      double fillPerDay) {
        return new VolumeClaimSpec(name, storageClass, gib * 1024L * 1024 * 1024, initialFill, fillPerDay);
    }
}
