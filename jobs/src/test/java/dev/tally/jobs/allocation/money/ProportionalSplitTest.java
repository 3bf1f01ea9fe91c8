package dev.tally.jobs.allocation.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProportionalSplitTest {
    private static final long SEED = 20261126L;

    @Test
    void aDollarInThirdsGivesTheLeftoverUnitToTheFirstPart() {
        assertThat(ProportionalSplit.split(new BigDecimal("1.00"), weights("1", "1", "1")))
                .containsExactly(new BigDecimal("0.333333334"), new BigDecimal("0.333333333"), new BigDecimal("0.333333333"));
    }

    @Test
    void leftoverUnitsGoToTheLargestRemainders() {
        // 0.00000001 (10 units) by 1:2:3:4 is 1, 2, 3, 4 units exactly; by 1:1:1 is 3.33.. each: one unit left over
        assertThat(ProportionalSplit.split(new BigDecimal("0.00000001"), weights("1", "2", "3", "4")))
                .containsExactly(new BigDecimal("0.000000001"), new BigDecimal("0.000000002"),
                        new BigDecimal("0.000000003"), new BigDecimal("0.000000004"));
        // 0.000000005 by 2:1:1 → quotas 2.5, 1.25, 1.25 units: floors 2, 1, 1, and the unit left goes to the 0.5
        assertThat(ProportionalSplit.split(new BigDecimal("0.000000005"), weights("2", "1", "1")))
                .containsExactly(new BigDecimal("0.000000003"), new BigDecimal("0.000000001"), new BigDecimal("0.000000001"));
    }

    @Test
    void aRefundSplitsLikeAChargeNegated() {
        assertThat(ProportionalSplit.split(new BigDecimal("-1.00"), weights("1", "1", "1")))
                .containsExactly(new BigDecimal("-0.333333334"), new BigDecimal("-0.333333333"), new BigDecimal("-0.333333333"));
    }

    @Test
    void anAmountWithMoreDecimalsThanTheScaleKeepsThemAll() {
        BigDecimal amount = new BigDecimal("0.0113455123456789");
        List<BigDecimal> parts = ProportionalSplit.split(amount, weights("7", "3"));
        assertThat(parts.get(0).add(parts.get(1))).isEqualByComparingTo(amount);
        assertThat(parts.get(0).scale()).isEqualTo(16);
    }

    @Test
    void weightsThatCannotSplitAreRefused() {
        assertThatThrownBy(() -> ProportionalSplit.split(BigDecimal.ONE, weights("0", "0")))
                .hasMessageContaining("all weights are zero");
        assertThatThrownBy(() -> ProportionalSplit.split(BigDecimal.ONE, weights("1", "-1")))
                .hasMessageContaining("negative weight -1");
        assertThatThrownBy(() -> ProportionalSplit.split(BigDecimal.ONE, List.of())).hasMessageContaining("nothing to split");
    }

    @Test
    void randomSplitsSumExactlyAndStayWithinOneUnitOfTheExactShare() {
        Random random = new Random(SEED);
        for (int c = 0; c < 2_000; c++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextLong() % 10_000_000_000_000L, random.nextInt(14));
            int n = 1 + random.nextInt(12);
            List<BigDecimal> weights = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                weights.add(random.nextInt(4) == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(7)));
            }
            if (weights.stream().allMatch(w -> w.signum() == 0)) {
                weights.set(0, BigDecimal.ONE);
            }
            List<BigDecimal> parts = ProportionalSplit.split(amount, weights);

            assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).as("case %d", c).isEqualByComparingTo(amount);
            BigDecimal total = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(ProportionalSplit.SCALE, amount.stripTrailingZeros().scale()));
            for (int i = 0; i < n; i++) {
                BigDecimal exact = amount.multiply(weights.get(i)).divide(total, MathContext.DECIMAL128);
                assertThat(parts.get(i).subtract(exact).abs()).as("case %d part %d", c, i).isLessThan(unit);
                if (weights.get(i).signum() == 0) {
                    assertThat(parts.get(i).signum()).isZero();
                }
            }
        }
    }

    private static List<BigDecimal> weights(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
