package dev.tally.local.fleet.model;

/** The built-in AKS storage classes for Azure managed disks (CSI driver {@code disk.csi.azure.com}). */
public enum StorageClass {
    MANAGED_CSI("managed-csi", "StandardSSD_LRS"),
    MANAGED_CSI_PREMIUM("managed-csi-premium", "Premium_LRS");

    public static final String CSI_DRIVER = "disk.csi.azure.com";

    private final String className;
    private final String diskSku;

    StorageClass(String className, String diskSku) {
        this.className = className;
        this.diskSku = diskSku;
    }

    public String className() {
        return className;
    }

    /** The managed disk SKU the class provisions. */
    public String diskSku() {
        return diskSku;
    }
}
