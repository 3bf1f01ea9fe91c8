package dev.tally.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.catalog.CatalogEntity.Component;
import dev.tally.ingest.catalog.CatalogEntity.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogReaderTest {
    private final CatalogReader reader = new CatalogReader();

    @Test
    void everyDocumentOfAYamlFileIsReadAndABadOneIsReportedWithItsLine() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: checkout
                  annotations:
                    backstage.io/kubernetes-id: checkout
                spec:
                  type: service
                  lifecycle: production
                  owner: team-payments
                  system: shop
                ---
                - this is a list, not an entity
                ---
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: checkout-api
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: team-payments
                  annotations:
                    tally.dev/cost-center: CC-4711
                spec:
                  type: team
                  profile:
                    displayName: Payments
                ---
                """;

        CatalogReader.CatalogFile file = reader.read("catalog-info.yaml", yaml);

        assertThat(file.entities()).hasSize(2);
        Component checkout = (Component) file.entities().get(0);
        assertThat(checkout.ref()).isEqualTo(new EntityRef("Component", "default", "checkout"));
        assertThat(checkout.owner()).contains(new EntityRef("Group", "default", "team-payments"));
        assertThat(checkout.system()).contains(new EntityRef("System", "default", "shop"));
        assertThat(checkout.lifecycle()).isEqualTo("production");
        assertThat(checkout.annotations()).containsEntry("backstage.io/kubernetes-id", "checkout");
        assertThat(checkout.source()).isEqualTo(new EntitySource("catalog-info.yaml", 1, 1));
        Group payments = (Group) file.entities().get(1);
        assertThat(payments.title()).isEqualTo("Payments");
        assertThat(payments.source().line()).isEqualTo(20);
        assertThat(file.otherKinds()).containsEntry("API", 1);
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.source().line()).isEqualTo(13);
            assertThat(p.reason()).contains("not an entity");
        });
    }

    @Test
    void brokenYamlKeepsWhatCameBeforeAndSaysWhere() {
        String yaml = """
                kind: Component
                metadata:
                  name: first
                ---
                kind: Component
                metadata:
                  name: [unclosed
                """;

        CatalogReader.CatalogFile file = reader.read("broken.yaml", yaml);

        assertThat(file.entities()).extracting(e -> e.ref().name()).containsExactly("first");
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).startsWith("not readable as YAML");
            assertThat(p.source().file()).isEqualTo("broken.yaml");
        });
    }

    @Test
    void aCatalogApiDumpIsReadAsJsonInBothShapes() {
        String list = """
                [{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"cart","namespace":"shop"},
                  "spec":{"owner":"group:shop/team-cart","type":"service","lifecycle":"experimental"}},
                 {"kind":"Component","metadata":{}}]
                """;
        String byQuery = "\uFEFF{\"items\":[{\"kind\":\"System\",\"metadata\":{\"name\":\"shop\"},\"spec\":{\"owner\":\"team-cart\"}}],"
                + "\"totalItems\":1}";

        CatalogReader.CatalogFile fromList = reader.read("entities.json", list);
        CatalogReader.CatalogFile fromQuery = reader.read("by-query.json", byQuery);

        assertThat(fromList.entities()).singleElement().satisfies(e ->
                assertThat(((Component) e).owner()).contains(new EntityRef("group", "shop", "team-cart")));
        assertThat(fromList.problems()).extracting(CatalogProblem::reason).containsExactly("not an entity: no metadata.name");
        assertThat(fromQuery.entities()).extracting(CatalogEntity::ref)
                .containsExactly(new EntityRef("System", "default", "shop"));
    }

    @Test
    void aMalformedOwnerIsReportedAndTheComponentKept() {
        CatalogReader.CatalogFile file = reader.read("c.yaml", """
                kind: Component
                metadata: {name: cart}
                spec: {owner: "group:/nobody"}
                """);

        assertThat(file.entities()).extracting(e -> ((Component) e).owner()).containsExactly(java.util.Optional.empty());
        assertThat(file.problems()).extracting(CatalogProblem::reason)
                .containsExactly("Component:default/cart spec.owner: not an entity reference ([kind:][namespace/]name): group:/nobody");
        assertThat(List.of(file.problems().get(0).source().line())).containsExactly(1);
    }
}
