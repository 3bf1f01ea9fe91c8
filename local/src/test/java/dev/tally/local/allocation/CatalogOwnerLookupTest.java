package dev.tally.local.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.allocation.stream.Owner;
import dev.tally.local.prometheus.ScrapeFileExporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocation job's owners from a Backstage catalog: the real one, the fallbacks, a reload, and Flink's serialization. */
class CatalogOwnerLookupTest {

    @Test
    void theRealCatalogOwnsItsComponentsWorkloadsAndTheLookupTravelsWithTheJob() throws Exception {
        Optional<Path> shared = ScrapeFileExporter.sharedData();
        Path dir = shared.map(s -> s.resolve("catalog/giantswarm-backstage-catalogs")).orElse(Path.of("absent"));
        if (!Files.isDirectory(dir)) {
            System.err.println("SKIPPED CatalogOwnerLookupTest: " + dir + " (the real Backstage catalog) is not beside this checkout");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is not beside this checkout");
        CatalogOwnerLookup lookup = roundTrip(new CatalogOwnerLookup(
                List.of(dir.resolve("components.yaml"), dir.resolve("groups.yaml")), Map.of("payments", "team-payments"),
                Map.of("aks-a/sandbox", Map.of("team", "team-sandbox", "cost-center", "CC-9"))));

        assertThat(lookup.ownerOf("aks-a", "monitoring", "Deployment", "alloy-gateway"))
                .isEqualTo(new Owner("team-atlas", "", "CATALOG_OWNER"));
        assertThat(lookup.ownerOf("aks-a", "kube-system", "Deployment", "cadvisor").team()).isEqualTo("team-phoenix");
        assertThat(lookup.ownerOf("aks-a", "sandbox", "Deployment", "not-in-the-catalog"))
                .isEqualTo(new Owner("team-sandbox", "CC-9", "NAMESPACE_LABEL"));
        assertThat(lookup.ownerOf("aks-a", "payments", "Deployment", "ledger"))
                .isEqualTo(new Owner("team-payments", "", "NAMESPACE_MAP"));
        assertThat(lookup.ownerOf("aks-a", "default", "Deployment", "not-in-the-catalog"))
                .isEqualTo(new Owner("unowned", "", "UNOWNED"));
    }

    @Test
    void aChangedCatalogFileIsReadAgain(@TempDir Path dir) throws Exception {
        Path file = CatalogFiles.write(dir.resolve("catalog-info.yaml"), "team-red");
        CatalogOwnerLookup lookup = new CatalogOwnerLookup(List.of(file), Map.of(), Map.of(), 0);   // checks every call
        assertThat(lookup.ownerOf("c", "shop", "Deployment", "checkout").team()).isEqualTo("team-red");

        CatalogFiles.write(file, "team-blue-and-green");
        assertThat(lookup.ownerOf("c", "shop", "Deployment", "checkout").team()).isEqualTo("team-blue-and-green");
    }

    private static CatalogOwnerLookup roundTrip(CatalogOwnerLookup lookup) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(lookup);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (CatalogOwnerLookup) in.readObject();
        }
    }
}
