package dev.tally.jobs.allocation.day;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cluster-day's rows do not depend on the order its inputs come in: a job's state hands them out in
 * its own order, which a restore or a rescale changes, and a fault test (or finance comparing two
 * versions of an unchanged month) must get the same last digits and the same rules' wording.
 */
class ClusterDayInputOrderTest {

    @ParameterizedTest(name = "idle and shared {0}")
    @EnumSource(DistributionPolicy.class)
    void shuffledInputsGiveTheSameRowsToTheLastDigitAndWord(DistributionPolicy policy) {
        SyntheticClusterDay day = SyntheticClusterDay.of(7, 12, 60, 12);
        ClusterDayAllocation allocation = new ClusterDayAllocation(AllocationPolicy.defaults().withIdle(policy).withShared(policy));
        List<AllocationRow> expected = allocation.allocate(day.costs(), day.nodeHours(), day.containers());
        assertThat(expected).isNotEmpty();
        for (long seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            List<AllocationRow> shuffled = allocation.allocate(shuffle(day.costs(), random), shuffle(day.nodeHours(), random),
                    shuffle(day.containers(), random));
            assertThat(shuffled).as("seed %d, idle and shared %s", seed, policy).containsExactlyElementsOf(expected);
        }
    }

    private static <T> List<T> shuffle(List<T> items, Random random) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy;
    }
}
