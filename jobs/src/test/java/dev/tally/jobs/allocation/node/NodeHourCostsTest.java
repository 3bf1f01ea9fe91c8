package dev.tally.jobs.allocation.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The node-hour rule on hand-computed cases. The weighting 4 : 1 per core-hour : GiB-hour
 * makes a 4-core 16-GiB node's cost half CPU, half memory, so the expected numbers are easy to check.
 */
class NodeHourCostsTest {
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final BigDecimal HOUR = BigDecimal.valueOf(3600);
    private final NodeHourCosts halfAndHalf = new NodeHourCosts(new CpuRamWeighting(new BigDecimal("4"), BigDecimal.ONE));
    /** A reserved VM: 1.00 billed this hour (pay-as-you-go rows), 0.80 effective (the reservation's amortized price). */
    private final NodeHour node = new NodeHour("aks-system-12345678-vmss000000", cost("1.00", "0.80"),
            BigDecimal.valueOf(4), GIB.multiply(BigDecimal.valueOf(16)), HOUR);

    @Test
    void aPodRequestingHalfTheNodeIsChargedHalfAndTheOtherHalfIsIdle() {
        ContainerDemand api = demand("shop/api", 2, 1, 8, 4);

        NodeHourAllocation a = halfAndHalf.allocate(node, List.of(api));

        assertThat(a.containers().get(0).cpu()).satisfies(c -> assertCost(c, "0.25", "0.20"));
        assertThat(a.containers().get(0).memory()).satisfies(c -> assertCost(c, "0.25", "0.20"));
        assertCost(a.idleCpu(), "0.25", "0.20");
        assertCost(a.idleMemory(), "0.25", "0.20");
    }

    @Test
    void aPodUsingMoreThanItRequestedIsChargedForItsUsage() {
        ContainerDemand batch = demand("jobs/batch", 1, 3, 2, 1);

        NodeHourAllocation a = halfAndHalf.allocate(node, List.of(batch));

        assertCost(a.containers().get(0).cpu(), "0.375", "0.30");      // 3 of 4 cores used, of the CPU half
        assertCost(a.containers().get(0).memory(), "0.0625", "0.05");  // 2 of 16 GiB requested, of the memory half
        assertCost(a.idle(), "0.5625", "0.45");
    }

    @Test
    void containersClaimingMoreThanTheNodeHoldsShareAllOfItAndNothingIsIdle() {
        List<ContainerDemand> busy = List.of(demand("a/x", 1, 3, 4, 4), demand("b/y", 3, 3, 12, 14));

        NodeHourAllocation a = halfAndHalf.allocate(node, busy);

        assertCost(a.containers().get(0).cpu(), "0.25", "0.20");
        assertCost(a.containers().get(1).cpu(), "0.25", "0.20");
        assertCost(a.containers().get(0).memory(), "0.111111111", "0.088888889"); // 4 of 18 claimed GiB
        assertCost(a.containers().get(1).memory(), "0.388888889", "0.311111111");
        assertThat(a.idle().isZero()).isTrue();
    }

    @Test
    void anEmptyNodeIsAllIdle() {
        NodeHourAllocation a = halfAndHalf.allocate(node, List.of());
        assertThat(a.containers()).isEmpty();
        assertCost(a.idle(), "1.00", "0.80");
    }

    @Test
    void theDefaultWeightingFollowsTheVmSizesShape() {
        // Standard_D4s_v5: 4 vCPU, 16 GiB, 0.192 an hour; OpenCost's default prices weigh 4 × 0.031611 against 16 × 0.004237
        NodeHour d4 = new NodeHour("aks-user-1-vmss000001", cost("0.192", "0.192"), BigDecimal.valueOf(4),
                GIB.multiply(BigDecimal.valueOf(16)), HOUR);
        NodeHourAllocation a = new NodeHourCosts(CpuRamWeighting.defaults()).allocate(d4, List.of());

        BigDecimal cpuShare = new BigDecimal("0.126444").divide(new BigDecimal("0.194236"), MathContext.DECIMAL128);
        BigDecimal expectedCpu = new BigDecimal("0.192").multiply(cpuShare).setScale(9, RoundingMode.HALF_UP);
        assertThat(a.idleCpu().billed()).isEqualByComparingTo(expectedCpu);
        assertThat(a.idleCpu().billed()).isEqualByComparingTo("0.124988406");
        assertThat(a.idleMemory().billed()).isEqualByComparingTo(new BigDecimal("0.192").subtract(expectedCpu));
    }

    @Test
    void onRandomNodesThePartsSumExactlyToTheNodeHourInBothViews() {
        Random random = new Random(20261126L);
        NodeHourCosts costs = new NodeHourCosts(CpuRamWeighting.defaults());
        for (int c = 0; c < 1_000; c++) {
            BigDecimal seconds = BigDecimal.valueOf(1 + random.nextInt(3600));
            NodeHour n = new NodeHour("n" + c, new Cost("EUR", BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 10),
                    BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 12)),
                    BigDecimal.valueOf(2 + random.nextInt(64)), GIB.multiply(BigDecimal.valueOf(4 + random.nextInt(512))), seconds);
            List<ContainerDemand> demands = new ArrayList<>();
            for (int i = random.nextInt(30); i > 0; i--) {
                demands.add(new ContainerDemand("c" + i, BigDecimal.valueOf(random.nextInt(20_000), 3),
                        BigDecimal.valueOf(random.nextInt(40_000), 3), GIB.multiply(BigDecimal.valueOf(random.nextInt(4_000))),
                        GIB.multiply(BigDecimal.valueOf(random.nextInt(4_000)))));
            }

            NodeHourAllocation a = costs.allocate(n, demands);

            assertThat(a.allocated().plus(a.idle()).sameAmountAs(n.cost())).as("case %d: %s", c, a).isTrue();
            for (ContainerCost cc : a.containers()) {
                assertThat(cc.total().billed().signum() * n.cost().billed().signum()).isGreaterThanOrEqualTo(0);
            }
        }
    }

    private static ContainerDemand demand(String container, double cpuRequestCores, double cpuUsedCores,
                                          double memoryRequestGiB, double memoryUsedGiB) {
        return new ContainerDemand(container, HOUR.multiply(BigDecimal.valueOf(cpuRequestCores)),
                HOUR.multiply(BigDecimal.valueOf(cpuUsedCores)), HOUR.multiply(GIB).multiply(BigDecimal.valueOf(memoryRequestGiB)),
                HOUR.multiply(GIB).multiply(BigDecimal.valueOf(memoryUsedGiB)));
    }

    private static Cost cost(String billed, String effective) {
        return new Cost("USD", new BigDecimal(billed), new BigDecimal(effective));
    }

    private static void assertCost(Cost actual, String billed, String effective) {
        assertThat(actual.billed()).as("billed").isEqualByComparingTo(billed);
        assertThat(actual.effective()).as("effective").isEqualByComparingTo(effective);
    }
}
