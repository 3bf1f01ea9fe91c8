package dev.tally.local.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.stack.LocalStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** catalog_ownership: every workload usage_hourly has seen, with its owner; a reloaded catalog replaces the answers. */
class CatalogOwnershipSyncIT {

    @Test
    void everySeenWorkloadGetsItsOwnerAndAReloadReplacesThem(@TempDir Path dir) throws Exception {
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        try (Connection c = clickHouse.open(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + clickHouse.database() + ".usage_hourly (hour, cluster, namespace, pod, pod_uid, container,"
                    + " node, workload_kind, workload_name, version) VALUES"
                    + " ('2026-01-30 10:00:00', 'aks-a', 'shop', 'checkout-1', 'u1', 'app', 'n1', 'Deployment', 'checkout', 1),"
                    + " ('2026-01-30 11:00:00', 'aks-a', 'shop', 'checkout-1', 'u1', 'app', 'n1', 'Deployment', 'checkout', 1),"
                    + " ('2026-01-30 10:00:00', 'aks-a', 'sandbox', 'tool-1', 'u2', 'app', 'n1', 'Deployment', 'tool', 1),"
                    + " ('2026-01-30 10:00:00', 'aks-a', 'default', 'stray-1', 'u3', 'app', 'n1', 'Pod', 'stray', 1)");
        }
        Path catalog = CatalogFiles.write(dir.resolve("catalog-info.yaml"), "team-red");
        CatalogOwnerLookup owners = new CatalogOwnerLookup(List.of(catalog), Map.of(),
                Map.of("aks-a/sandbox", Map.of("team", "team-sandbox", "cost-center", "CC-9")), 0);

        assertThat(CatalogOwnershipSync.write(clickHouse, owners, Instant.parse("2026-02-01T06:00:00Z"))).hasSize(3);
        assertThat(current(clickHouse)).containsExactly(
                "aks-a default Pod/stray:  unowned  NONE UNOWNED",
                "aks-a sandbox Deployment/tool:  team-sandbox CC-9 NONE NAMESPACE_LABEL",
                "aks-a shop Deployment/checkout: Component:default/checkout team-red CC-1 KUBERNETES_ID_AS_NAME CATALOG_OWNER");

        CatalogFiles.write(catalog, "team-blue");
        CatalogOwnershipSync.write(clickHouse, owners, Instant.parse("2026-02-02T06:00:00Z"));
        assertThat(current(clickHouse)).contains(
                "aks-a shop Deployment/checkout: Component:default/checkout team-blue CC-1 KUBERNETES_ID_AS_NAME CATALOG_OWNER");
        assertThat(current(clickHouse)).hasSize(3);
    }

    private static List<String> current(ClickHouseUrl clickHouse) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cluster, namespace, workload_kind, workload_name, component, team, cost_center,"
                     + " component_match, team_source FROM " + clickHouse.database()
                     + ".catalog_ownership_latest ORDER BY cluster, namespace, workload_name")) {
            while (r.next()) {
                out.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + "/" + r.getString(4) + ": "
                        + r.getString(5) + " " + r.getString(6) + " " + r.getString(7) + " " + r.getString(8) + " " + r.getString(9));
            }
        }
        return out;
    }
}
