package dev.tally.ingest.drift;

import static dev.tally.ingest.drift.Recommendations.deployment;
import static dev.tally.ingest.drift.Recommendations.over;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RiskReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftSelectionTest {

    @Test
    void namespacesAreSelectedByNameOrGlobAndExclusionsWin() {
        List<RightsizingRecommendation> all = List.of(
                over(deployment("c", "shop", "a"), "1"), over(deployment("c", "team-data", "b"), "1"),
                over(deployment("c", "team-ml", "c"), "1"), over(deployment("c", "kube-system", "d"), "1"));

        assertThat(namespaces(new DriftSelection(List.of(), List.of(), 100).select(all)))
                .containsExactlyInAnyOrder("shop", "team-data", "team-ml", "kube-system");
        assertThat(namespaces(new DriftSelection(List.of("shop", "team-*"), List.of("team-ml"), 100).select(all)))
                .containsExactlyInAnyOrder("shop", "team-data");
        assertThat(namespaces(new DriftSelection(List.of(), List.of("kube-*"), 100).select(all)))
                .containsExactlyInAnyOrder("shop", "team-data", "team-ml");
    }

    @Test
    void theTopContainersAreTheRiskyOnesThenTheLargestMoneyEitherWay() {
        RightsizingRecommendation smallOom = Recommendations.of(deployment("c", "shop", "cart"),
                RightsizingStatus.UNDER_PROVISIONED, List.of(RiskReason.OOM_KILLS), 0.5, 0.5, 256, 400, "-0.40");
        RightsizingRecommendation bigCost = Recommendations.of(deployment("c", "shop", "db"),
                RightsizingStatus.UNDER_PROVISIONED, List.of(), 1, 4, 1024, 1024, "-80.00");
        RightsizingRecommendation bigSaving = over(deployment("c", "shop", "etl"), "55.00");
        RightsizingRecommendation smallSaving = over(deployment("c", "shop", "web"), "2.00");

        List<RightsizingRecommendation> top3 = new DriftSelection(List.of(), List.of(), 3)
                .select(List.of(smallSaving, bigSaving, bigCost, smallOom));

        assertThat(top3).containsExactly(smallOom, bigCost, bigSaving);
    }

    /** Seeded random fleets: at most N series-bearing containers, and none left out outranks one kept. */
    @Test
    void noContainerLeftOutOutranksOneKept() {
        Random random = new Random(20261125L);
        for (int round = 0; round < 200; round++) {
            List<RightsizingRecommendation> fleet = new ArrayList<>();
            int size = random.nextInt(60);
            for (int i = 0; i < size; i++) {
                ContainerRef c = deployment("c" + random.nextInt(3), "ns" + random.nextInt(5), "w" + i);
                boolean risky = random.nextInt(5) == 0;
                BigDecimal savings = BigDecimal.valueOf(random.nextInt(20_000) - 10_000, 2);
                fleet.add(Recommendations.of(c, risky ? RightsizingStatus.UNDER_PROVISIONED : RightsizingStatus.OVER_PROVISIONED,
                        risky ? List.of(RiskReason.CPU_THROTTLING) : List.of(), 1, 1, 100, 100, savings.toPlainString()));
            }
            int max = 1 + random.nextInt(20);
            DriftSelection selection = new DriftSelection(List.of("ns1", "ns2", "ns3"), List.of("ns3"), max);
            List<RightsizingRecommendation> eligible = fleet.stream()
                    .filter(r -> List.of("ns1", "ns2").contains(r.container().namespace())).toList();

            List<RightsizingRecommendation> kept = selection.select(fleet);
            List<RightsizingRecommendation> shuffled = new ArrayList<>(fleet);
            Collections.shuffle(shuffled, random);

            assertThat(kept).hasSize(Math.min(max, eligible.size()));
            assertThat(selection.select(shuffled)).as("the same whatever the order they came in").isEqualTo(kept);
            for (RightsizingRecommendation out : eligible) {
                if (kept.contains(out)) {
                    continue;
                }
                for (RightsizingRecommendation in : kept) {
                    assertThat(rank(out)).as("%s left out, %s kept", out.container(), in.container()).isLessThanOrEqualTo(rank(in));
                }
            }
        }
    }

    /** Risk first, then the size of the money; ties are broken by identity, so compare with ≤. */
    private static double rank(RightsizingRecommendation r) {
        return (r.risky() ? 1e9 : 0) + r.monthlySavings().abs().doubleValue();
    }

    private static List<String> namespaces(List<RightsizingRecommendation> selected) {
        return selected.stream().map(r -> r.container().namespace()).toList();
    }
}
