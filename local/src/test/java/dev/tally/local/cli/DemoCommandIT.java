package dev.tally.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code tally demo} as a user runs it: progress while it works, a summary equal to the ground truth. */
class DemoCommandIT {

    @Test
    void theDemoEndsWithASummaryWhoseNumbersEqualTheSimulatorsGroundTruth() throws Exception {
        Path data = Files.createTempDirectory("tally-it-demo");
        try (TallyProcess demo = TallyProcess.start("demo", "--days", "1", "--data", data.toString())) {
            int exit = demo.awaitExit(Duration.ofMinutes(8));
            String output = demo.output();
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("simulating the fleet → Kafka 100%")
                    .contains("Flink counting into ClickHouse 100%")
                    .containsPattern("Every one of \\d+ cluster-hours equals the ground truth exactly\\.")
                    .doesNotContain("DIFFERENT");
        }
        assertThat(data.resolve("stack.json")).doesNotExist();
        assertThat(data.resolve("clickhouse")).isDirectory();
    }
}
