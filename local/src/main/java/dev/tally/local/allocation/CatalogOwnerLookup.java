package dev.tally.local.allocation;

import dev.tally.ingest.catalog.Catalog;
import dev.tally.ingest.catalog.CatalogOwnership;
import dev.tally.ingest.catalog.CatalogReader;
import dev.tally.ingest.catalog.OwnershipSettings;
import dev.tally.ingest.catalog.Workload;
import dev.tally.ingest.catalog.WorkloadOwners;
import dev.tally.jobs.allocation.stream.Owner;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The allocation job's owners from the Backstage catalog ({@link WorkloadOwners}, docs/ownership.md):
 * the catalog files, the namespace → team map and the namespaces' labels (per {@code cluster/namespace})
 * travel with the job as plain values; each task reads the catalog on first use and again when a
 * file changed (checked at most every 30 s), so a new catalog applies
 * to the days computed after it, without a restart.
 */
public final class CatalogOwnerLookup implements WorkloadOwnerLookup {
    private final List<String> catalogFiles;
    private final Map<String, String> namespaceTeams;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final long reloadCheckMillis;
    private transient WorkloadOwners owners;
    private transient long loadedVersion;
    private transient long checkedAt;

    /**
     * @param catalogFiles    {@code catalog-info.yaml} files or catalog API JSON dumps (none: fallbacks only)
     * @param namespaceTeams  the configured namespace → team map (the last resort before {@code unowned})
     * @param namespaceLabels per {@code cluster/namespace}, its labels ({@code team}, {@code cost-center})
     */
    public CatalogOwnerLookup(List<Path> catalogFiles, Map<String, String> namespaceTeams,
                              Map<String, Map<String, String>> namespaceLabels) {
        this(catalogFiles, namespaceTeams, namespaceLabels, 30_000);
    }

    CatalogOwnerLookup(List<Path> catalogFiles, Map<String, String> namespaceTeams,
                       Map<String, Map<String, String>> namespaceLabels, long reloadCheckMillis) {
        this.reloadCheckMillis = reloadCheckMillis;
        this.catalogFiles = catalogFiles.stream().map(Path::toString).toList();
        this.namespaceTeams = Map.copyOf(namespaceTeams);
        this.namespaceLabels = Map.copyOf(namespaceLabels);
    }

    @Override
    public Owner ownerOf(String cluster, String namespace, String workloadKind, String workloadName) {
        CatalogOwnership o = ownership(cluster, namespace, workloadKind, workloadName);
        return new Owner(o.team(), o.costCenter(), o.teamSource().name());
    }

    /** The whole answer: component, system, lifecycle, team, cost center and how each was found. */
    public CatalogOwnership ownership(String cluster, String namespace, String workloadKind, String workloadName) {
        return owners().ownerOf(Workload.of(cluster, namespace, workloadKind, workloadName),
                namespaceLabels.getOrDefault(cluster + "/" + namespace, Map.of()));
    }

    private synchronized WorkloadOwners owners() {
        long now = System.currentTimeMillis();
        if (owners == null || now - checkedAt >= reloadCheckMillis) {
            checkedAt = now;
            long version = version();
            if (owners == null || version != loadedVersion) {
                owners = load();
                loadedVersion = version;
            }
        }
        return owners;
    }

    private WorkloadOwners load() {
        CatalogReader reader = new CatalogReader();
        List<CatalogReader.CatalogFile> files = new ArrayList<>();
        for (String file : catalogFiles) {
            try {
                files.add(reader.read(Path.of(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the catalog " + file, e);
            }
        }
        return new WorkloadOwners(Catalog.of(files), OwnershipSettings.defaults().withNamespaceTeams(namespaceTeams));
    }

    /** The files' modification times and sizes, summed: changes when any file changes. */
    private long version() {
        long v = 0;
        for (String file : catalogFiles) {
            try {
                v = 31 * v + Files.getLastModifiedTime(Path.of(file)).toMillis() + Files.size(Path.of(file));
            } catch (IOException e) {
                v = 31 * v - 1;
            }
        }
        return v;
    }
}
