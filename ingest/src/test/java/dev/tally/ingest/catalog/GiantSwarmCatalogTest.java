package dev.tally.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.catalog.CatalogEntity.Component;
import dev.tally.ingest.gateway.support.Payloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Giant Swarm's real, generated Backstage catalog ({@code ../shared/data/catalog/}): 319
 * components and 11 group documents, with the quirks a real catalog has (a group defined twice,
 * owners that name no group, an owner spelled with a capital letter).
 */
class GiantSwarmCatalogTest {
    private static final Path DIR = Payloads.sharedData().resolve("catalog/giantswarm-backstage-catalogs");
    private static Catalog catalog;

    @BeforeAll
    static void load() throws IOException {
        if (!Files.isDirectory(DIR)) {
            System.err.println("SKIPPED GiantSwarmCatalogTest: " + DIR + " (the real Backstage catalog) is not beside this checkout");
        }
        Assumptions.assumeTrue(Files.isDirectory(DIR), DIR + " is not beside this checkout");
        CatalogReader reader = new CatalogReader();
        catalog = Catalog.of(List.of(reader.read(DIR.resolve("components.yaml")), reader.read(DIR.resolve("groups.yaml"))));
    }

    @Test
    void everyComponentAndGroupLoadsAndTheDuplicateGroupIsReported() {
        assertThat(catalog.components()).hasSize(319);
        assertThat(catalog.groups()).hasSize(10);
        assertThat(catalog.problems()).singleElement().satisfies(p -> {
            assertThat(p.source().file()).endsWith("groups.yaml");
            assertThat(p.source().line()).isEqualTo(87);
            assertThat(p.reason()).isEqualTo("Group:giantswarm/team-phoenix is defined again; the first definition ("
                    + DIR.resolve("groups.yaml") + ":66 (document 4)) is used");
        });
    }

    @Test
    void ownersResolveCaseInsensitivelyToTheirGroups() {
        assertThat(ownerOf("alertmanager-to-github")).isEqualTo("team-atlas");
        assertThat(ownerOf("cadvisor")).as("owner written group:giantswarm/team-Phoenix").isEqualTo("team-phoenix");
        long resolved = catalog.components().stream().filter(c -> catalog.ownerGroup(c).isPresent()).count();
        assertThat(resolved).isEqualTo(319 - 104);
    }

    @Test
    void danglingOwnersAreReportedWithTheComponentsThatNameThem() {
        Map<String, Integer> dangling = new LinkedHashMap<>();
        catalog.danglingOwners().forEach((owner, components) -> dangling.put(owner.name(), components.size()));

        assertThat(dangling).containsExactly(Map.entry("team-bigmac", 3), Map.entry("team-chapter-se", 1),
                Map.entry("team-firecracker", 2), Map.entry("team-hydra", 4), Map.entry("team-sa", 1),
                Map.entry("team-teddyfriends", 2), Map.entry("unspecified", 91));
        assertThat(catalog.danglingOwners().get(new EntityRef("group", "giantswarm", "team-chapter-se")))
                .containsExactly(new EntityRef("Component", "giantswarm", "ailefroide-app"));
    }

    @Test
    void deploymentsFindTheirComponentsThroughTheDeploymentNamesAnnotation() {
        WorkloadOwners owners = new WorkloadOwners(catalog, OwnershipSettings.defaults()
                .withWorkloadNamesAnnotations(List.of("giantswarm.io/deployment-names")));

        CatalogOwnership alloy = owners.ownerOf(Workload.of("aks-prod-weu", "monitoring", "Deployment", "alloy-gateway"), Map.of());
        assertThat(alloy.component()).contains(new EntityRef("Component", "giantswarm", "alloy-gateway"));
        assertThat(alloy.team()).isEqualTo("team-atlas");
        assertThat(alloy.teamSource()).isEqualTo(TeamSource.CATALOG_OWNER);
        assertThat(alloy.lifecycle()).isEqualTo("production");

        // falco and falco-app both list "falco,falco-app": each name goes to the component of that id
        assertThat(owners.ownerOf(Workload.of("c", "security", "DaemonSet", "falco"), Map.of()).component())
                .contains(new EntityRef("Component", "giantswarm", "falco"));
        assertThat(owners.ownerOf(Workload.of("c", "security", "Deployment", "falco-app"), Map.of()).component())
                .contains(new EntityRef("Component", "giantswarm", "falco-app"));

        // ailefroide is owned by team-chapter-se, which the catalog does not define: the namespace label decides
        CatalogOwnership ailefroide = owners.ownerOf(Workload.of("c", "support", "Deployment", "ailefroide"),
                Map.of("team", "customer-success"));
        assertThat(ailefroide.component()).contains(new EntityRef("Component", "giantswarm", "ailefroide-app"));
        assertThat(ailefroide.match()).isEqualTo(ComponentMatch.WORKLOAD_NAMES_ANNOTATION);
        assertThat(ailefroide.team()).isEqualTo("customer-success");
        assertThat(ailefroide.teamSource()).isEqualTo(TeamSource.NAMESPACE_LABEL);

        assertThat(owners.ownerOf(Workload.of("c", "default", "Deployment", "not-in-the-catalog"), Map.of()))
                .satisfies(o -> {
                    assertThat(o.team()).isEqualTo("unowned");
                    assertThat(o.match()).isEqualTo(ComponentMatch.NONE);
                });
        // 14 deployment names are listed by two components each, and every one has a component of that id
        assertThat(owners.problems()).isEmpty();
    }

    private static String ownerOf(String component) {
        Component c = catalog.component(new EntityRef("Component", "giantswarm", component)).orElseThrow();
        return catalog.ownerGroup(c).orElseThrow().ref().name();
    }
}
