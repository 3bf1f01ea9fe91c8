package dev.tally.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule of {@link WorkloadOwners} on a small catalog written for it. */
class WorkloadOwnersTest {
    private static final String CATALOG = """
            kind: Group
            metadata: {name: team-payments, annotations: {tally.dev/cost-center: CC-100}}
            spec: {type: team}
            ---
            kind: Group
            metadata: {name: team-search}
            spec: {type: team}
            ---
            kind: Component
            metadata:
              name: checkout
              annotations: {backstage.io/kubernetes-id: checkout, tally.dev/cost-center: CC-200}
            spec: {owner: team-payments, system: shop, lifecycle: production}
            ---
            kind: Component
            metadata:
              name: cart
              annotations:
                backstage.io/kubernetes-label-selector: "app.kubernetes.io/name=cart,tier in (web,api)"
            spec: {owner: team-payments, lifecycle: experimental}
            ---
            kind: Component
            metadata:
              name: search
              annotations:
                backstage.io/kubernetes-id: search
                backstage.io/kubernetes-namespace: search
                tally.dev/workload-names: "indexer, query-api"
            spec: {owner: group:default/team-search}
            ---
            kind: Component
            metadata:
              name: legacy-search
              annotations: {tally.dev/workload-names: "indexer", backstage.io/kubernetes-label-selector: "tier in web"}
            spec: {owner: team-gone}
            """;

    private final Catalog catalog = Catalog.of(List.of(new CatalogReader().read("catalog-info.yaml", CATALOG)));
    private final WorkloadOwners owners = new WorkloadOwners(catalog, OwnershipSettings.defaults()
            .withNamespaceTeams(Map.of("kube-system", "platform")));

    @Test
    void theKubernetesIdLabelIsBackstagesOwnRuleAndWinsOverTheName() {
        CatalogOwnership o = owners.ownerOf(new Workload("c1", "shop", "Deployment", "search",
                Map.of("backstage.io/kubernetes-id", "checkout")), Map.of());

        assertThat(o.component()).contains(ref("checkout"));
        assertThat(o.match()).isEqualTo(ComponentMatch.KUBERNETES_ID_LABEL);
        assertThat(o.system()).contains(new EntityRef("System", "default", "shop"));
        assertThat(o.team()).isEqualTo("team-payments");
        assertThat(o.costCenter()).as("the component's own cost center before its group's").isEqualTo("CC-200");
    }

    @Test
    void aLabelSelectorMatchesOnTheWorkloadsLabels() {
        CatalogOwnership o = owners.ownerOf(new Workload("c1", "shop", "Deployment", "cart-v2",
                Map.of("app.kubernetes.io/name", "cart", "tier", "api")), Map.of());

        assertThat(o.component()).contains(ref("cart"));
        assertThat(o.match()).isEqualTo(ComponentMatch.LABEL_SELECTOR);
        assertThat(o.costCenter()).as("the owner group's cost center").isEqualTo("CC-100");
        assertThat(o.lifecycle()).isEqualTo("experimental");
    }

    @Test
    void namesFromTheAnnotationAndTheIdAsNameRespectTheComponentsNamespace() {
        assertThat(owners.ownerOf(Workload.of("c1", "search", "StatefulSet", "query-api"), Map.of()))
                .satisfies(o -> {
                    assertThat(o.component()).contains(ref("search"));
                    assertThat(o.match()).isEqualTo(ComponentMatch.WORKLOAD_NAMES_ANNOTATION);
                    assertThat(o.team()).isEqualTo("team-search");
                });
        assertThat(owners.ownerOf(Workload.of("c1", "search", "Deployment", "search"), Map.of()).match())
                .isEqualTo(ComponentMatch.KUBERNETES_ID_AS_NAME);
        assertThat(owners.ownerOf(Workload.of("c1", "shop", "Deployment", "checkout"), Map.of()).match())
                .isEqualTo(ComponentMatch.KUBERNETES_ID_AS_NAME);
        // search only claims the namespace "search": elsewhere, query-api is nobody's
        assertThat(owners.ownerOf(Workload.of("c1", "default", "Deployment", "query-api"), Map.of()).match())
                .isEqualTo(ComponentMatch.NONE);
        // "indexer" is listed by search (namespace search) and legacy-search (anywhere): in "search" the first claimant
        assertThat(owners.ownerOf(Workload.of("c1", "search", "Deployment", "indexer"), Map.of()).component())
                .contains(ref("search"));
        assertThat(owners.ownerOf(Workload.of("c1", "batch", "Deployment", "indexer"), Map.of()).component())
                .contains(ref("legacy-search"));
    }

    @Test
    void withoutAnOwnerGroupTheNamespaceDecidesThenTheMapThenUnowned() {
        CatalogOwnership dangling = owners.ownerOf(Workload.of("c1", "batch", "Deployment", "indexer"),
                Map.of("team", "team-data", "cost-center", "CC-300"));
        assertThat(dangling.component()).contains(ref("legacy-search"));
        assertThat(dangling.team()).isEqualTo("team-data");
        assertThat(dangling.teamSource()).isEqualTo(TeamSource.NAMESPACE_LABEL);
        assertThat(dangling.costCenter()).isEqualTo("CC-300");

        CatalogOwnership mapped = owners.ownerOf(Workload.of("c1", "kube-system", "DaemonSet", "kube-proxy"), Map.of());
        assertThat(mapped.team()).isEqualTo("platform");
        assertThat(mapped.teamSource()).isEqualTo(TeamSource.NAMESPACE_MAP);

        CatalogOwnership nobody = owners.ownerOf(Workload.of("c1", "sandbox", "Pod", "debug-shell"), Map.of());
        assertThat(nobody.team()).isEqualTo("unowned");
        assertThat(nobody.teamSource()).isEqualTo(TeamSource.UNOWNED);
        assertThat(nobody.component()).isEmpty();
        assertThat(nobody.costCenter()).isEmpty();
    }

    @Test
    void badSelectorsAndDanglingOwnersAreReported() {
        assertThat(owners.problems()).extracting(CatalogProblem::reason).containsExactly(
                "Component:default/legacy-search: a set requirement needs (values): tier in web in tier in web");
        assertThat(catalog.danglingOwners()).containsOnlyKeys(new EntityRef("Group", "default", "team-gone"));
    }

    @Test
    void twoComponentsClaimingOneNameAnywhereIsReported() {
        Catalog clash = Catalog.of(List.of(new CatalogReader().read("c.yaml", """
                kind: Component
                metadata: {name: a, annotations: {tally.dev/workload-names: "worker"}}
                ---
                kind: Component
                metadata: {name: b, annotations: {tally.dev/workload-names: "worker"}}
                """)));
        WorkloadOwners clashing = new WorkloadOwners(clash, OwnershipSettings.defaults());

        assertThat(clashing.ownerOf(Workload.of("c1", "jobs", "Deployment", "worker"), Map.of()).component()).contains(ref("a"));
        assertThat(clashing.problems()).extracting(CatalogProblem::reason).containsExactly(
                "workload 'worker' is claimed through workload-names annotations by [Component:default/a, Component:default/b];"
                        + " Component:default/a is used");
    }

    private static EntityRef ref(String component) {
        return new EntityRef("Component", "default", component);
    }
}
