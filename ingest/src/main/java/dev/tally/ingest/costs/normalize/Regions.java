package dev.tally.ingest.costs.normalize;

import java.util.Locale;
import java.util.Map;

/**
 * FOCUS RegionId (Azure's programmatic name, {@code eastus}) from the location text of cost
 * details, which is sometimes already that, sometimes a display name ({@code East US}) and in
 * legacy exports an old billing name ({@code US East}). Unknown names pass lower-cased without
 * spaces: never invented, never dropped.
 */
public final class Regions {
    private Regions() {}

    private static final Map<String, String> LEGACY = Map.ofEntries(
            Map.entry("useast", "eastus"), Map.entry("useast2", "eastus2"), Map.entry("uswest", "westus"),
            Map.entry("uswest2", "westus2"), Map.entry("uswest3", "westus3"), Map.entry("uscentral", "centralus"),
            Map.entry("usnorthcentral", "northcentralus"), Map.entry("ussouthcentral", "southcentralus"),
            Map.entry("uswestcentral", "westcentralus"), Map.entry("euwest", "westeurope"),
            Map.entry("eunorth", "northeurope"), Map.entry("apeast", "eastasia"),
            Map.entry("apsoutheast", "southeastasia"), Map.entry("jaeast", "japaneast"),
            Map.entry("jawest", "japanwest"), Map.entry("brsouth", "brazilsouth"),
            Map.entry("aueast", "australiaeast"), Map.entry("ausoutheast", "australiasoutheast"),
            Map.entry("incentral", "centralindia"), Map.entry("insouth", "southindia"),
            Map.entry("inwest", "westindia"), Map.entry("cacentral", "canadacentral"),
            Map.entry("caeast", "canadaeast"), Map.entry("uksouth", "uksouth"), Map.entry("ukwest", "ukwest"));

    public static String regionId(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String compact = location.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        return LEGACY.getOrDefault(compact, compact);
    }
}
