package dev.tally.jobs.allocation.prices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.prices.AllocatedPrices;
import dev.tally.jobs.allocation.day.AllocationPolicy;
import dev.tally.jobs.allocation.day.ClusterCostKind;
import dev.tally.jobs.allocation.stream.ContainerHourInput;
import dev.tally.jobs.allocation.stream.CostLineInput;
import dev.tally.jobs.allocation.stream.NodeHourInput;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDayPricesTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-25");
    private static final long HOUR = Instant.parse("2026-11-25T10:00:00Z").getEpochSecond();
    private static final String NODE = "aks-general-12345678-vmss000000";
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    @Test
    void aNodePresentPartOfAnHourIsPricedPerCoreHourAndGibHourAndItsPartsAddUpToItsCost() {
        // 1,000 s of 4 cores and 16 GiB: 1.1111… core-hours and 4.4444… GiB-hours, no finite decimal
        BigDecimal seconds = BigDecimal.valueOf(1_000);
        NodeHourInput node = new NodeHourInput(NODE + "|" + HOUR, HOUR, NODE, "general", "Standard_D4s_v5",
                "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-general-12345678-vmss",
                BigDecimal.valueOf(4), GIB.multiply(BigDecimal.valueOf(16)), seconds, 1);
        CostLineInput vm = new CostLineInput("scope|AmortizedCost|2026-11", "AmortizedCost", "run-1", 1, "export.csv:2", "2026-11",
                ClusterCostKind.NODE, node.vmssResourceId(), "aks-general-12345678-vmss_0", "", "", "", "", "USD", new BigDecimal("1.00"),
                new BigDecimal("0.60"), "Virtual Machines", "", "", "", "/subscriptions/s", null);
        ContainerHourInput web = new ContainerHourInput("web-1|" + HOUR, HOUR, NODE, "shop", "Deployment", "web", "app",
                BigDecimal.valueOf(2).multiply(seconds), BigDecimal.ONE.multiply(seconds),
                GIB.multiply(BigDecimal.valueOf(4)).multiply(seconds), GIB.multiply(seconds), 1);

        List<AllocatedPrices> prices = new ClusterDayPrices(AllocationPolicy.defaults())
                .compute("aks-prod", DAY, List.of(vm), List.of(node), List.of(web), 3);

        AllocatedPrices cluster = prices.stream().filter(p -> p.namespace().isEmpty()).findFirst().orElseThrow();
        BigDecimal coreHours = new BigDecimal(4_000).divide(BigDecimal.valueOf(3600), MathContext.DECIMAL128);
        BigDecimal gibHours = new BigDecimal(16_000).divide(BigDecimal.valueOf(3600), MathContext.DECIMAL128);
        assertThat(cluster.billedCpuCoreHour()).isPositive();
        assertThat(cluster.billedMemoryGibHour()).isPositive();
        // the node's CPU part and memory part, priced back over its hours, are its cost (to the prices' 10 decimals)
        assertThat(cluster.billedCpuCoreHour().multiply(coreHours).add(cluster.billedMemoryGibHour().multiply(gibHours)))
                .isCloseTo(new BigDecimal("1.00"), org.assertj.core.data.Offset.offset(new BigDecimal("0.00000001")));
        assertThat(cluster.effectiveCpuCoreHour().multiply(coreHours).add(cluster.effectiveMemoryGibHour().multiply(gibHours)))
                .isCloseTo(new BigDecimal("0.60"), org.assertj.core.data.Offset.offset(new BigDecimal("0.00000001")));
        // one node: the workload pays the node's prices
        AllocatedPrices workload = prices.stream().filter(p -> p.workloadName().equals("web")).findFirst().orElseThrow();
        assertThat(workload.billedCpuCoreHour()).isEqualByComparingTo(cluster.billedCpuCoreHour());
        assertThat(workload.version()).isEqualTo(3);
    }
}
