package dev.tally.jobs.usage.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** tally.usage.v1's three kinds of row (docs/pipeline.md, the usage topic): the discriminator, the column names, exact decimals. */
class UsageJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Instant HOUR = Instant.parse("2026-01-30T10:00:00Z");

    @Test
    void aUsageRowKeepsItsFieldsAndSaysItIsAUsageRow() throws Exception {
        UsageHourly r = new UsageHourly(HOUR, "aks-a", "shop", "web-1", "uid-1", "app", "aks-pool-12345678-vmss00000a",
                "Deployment", "web", new BigDecimal("1800.000000001"), BigDecimal.ZERO, new BigDecimal("3865470566400"),
                BigDecimal.ZERO, new BigDecimal("3600"), 123_456_789_012L, 10, 1, 2.5e8, 3.0e8, 120, 0, 0, 480, 7);
        JsonNode n = JSON.readTree(UsageJson.write(r));
        assertThat(n.get("row_kind").asText()).isEqualTo("usage");
        assertThat(n.get("cpu_request_core_seconds").decimalValue()).isEqualByComparingTo("1800.000000001");
        assertThat(n.get("cpu_usage_core_seconds").decimalValue()).isEqualByComparingTo("123.456789012");
        assertThat(n.get("workload_name").asText()).isEqualTo("web");
        assertThat(n.get("version").asLong()).isEqualTo(7);
    }

    @Test
    void aNodeRowCarriesPoolSizeScaleSetAndCapacity() throws Exception {
        NodeHourly r = new NodeHourly(HOUR, "aks-a", "aks-pool-12345678-vmss00000a", "pool", "Standard_D4s_v5",
                "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-pool-12345678-vmss",
                "azure:///x", 4, 17179869184.0, 3.86, 1.3e10, new BigDecimal("1800.5"), 3);
        JsonNode n = JSON.readTree(UsageJson.write(r));
        assertThat(n.get("row_kind").asText()).isEqualTo("node");
        assertThat(n.get("node_pool").asText()).isEqualTo("pool");
        assertThat(n.get("vm_size").asText()).isEqualTo("Standard_D4s_v5");
        assertThat(n.get("vmss_resource_id").asText()).endsWith("/virtualmachinescalesets/aks-pool-12345678-vmss");
        assertThat(n.get("capacity_cpu_cores").decimalValue()).isEqualByComparingTo("4");
        assertThat(n.get("capacity_memory_bytes").decimalValue()).isEqualByComparingTo("17179869184");
        assertThat(n.get("allocatable_cpu_cores").decimalValue()).isEqualByComparingTo("3.86");
        assertThat(n.get("seconds_present").decimalValue()).isEqualByComparingTo("1800.5");
        assertThat(new String(UsageJson.key(r), StandardCharsets.UTF_8))
                .isEqualTo("node/aks-a/aks-pool-12345678-vmss00000a/2026-01-30T10:00:00Z");
    }

    @Test
    void aVolumeRowCarriesTheClaimAndItsDisk() throws Exception {
        VolumeHourly r = new VolumeHourly(HOUR, "aks-a", "shop", "data-db-0", "pvc-1", "managed-csi", "disk.csi.azure.com",
                "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/disks/pvc-1", 1.073741824e10,
                1.073741824e10, new BigDecimal("3600"), 5);
        JsonNode n = JSON.readTree(UsageJson.write(r));
        assertThat(n.get("row_kind").asText()).isEqualTo("volume");
        assertThat(n.get("namespace").asText()).isEqualTo("shop");
        assertThat(n.get("claim").asText()).isEqualTo("data-db-0");
        assertThat(n.get("disk_resource_id").asText()).endsWith("/disks/pvc-1");
        assertThat(n.get("capacity_bytes").decimalValue()).isEqualByComparingTo("10737418240");
        assertThat(new String(UsageTopicRecord.of(r).key(), StandardCharsets.UTF_8))
                .isEqualTo("volume/aks-a/shop/data-db-0/2026-01-30T10:00:00Z");
    }
}
