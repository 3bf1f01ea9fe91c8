package dev.tally.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every command explains itself and its defaults with --help, without starting anything. */
class TallyCliHelpTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "up      | Start the local stack and keep it running | --kafka-port      | default: 9092",
            "up      | Start the local stack and keep it running | --clickhouse-port | default: 8123",
            "up      | Start the local stack and keep it running | --flink-port      | default: 8081",
            "down    | Stop the local stack started by ./tally up | --data           | <project>/.tally",
            "migrate | Apply Tally's versioned ClickHouse schema   | --clickhouse     | env CLICKHOUSE_URL",
            "demo    | Run the whole pipeline on a simulated fleet | --days           | default: 1",
            "fleet export-costs | Azure cost export for the last whole UTC days | --out | default: 42",
            "test    | integration test with mvn verify             | MAVEN_ARGS       | passed to mvn verify",
            "bench   | Build and run the JMH benchmarks            | JMH_ARGS         | passed to the JMH runner",
            "costs   | Azure cost exports: import runs from a folder | import         | runs",
            "report  | Write the monthly chargeback report for finance | --allow-unreconciled | default: both"})
    void helpSaysWhatTheCommandDoesAndItsDefaults(String command, String purpose, String option, String detail) {
        String[] args = (command + " --help").split(" ");
        String help = run(args);

        assertThat(help).contains("Usage: tally " + command).contains(purpose).contains(option).contains(detail);
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        assertThat(run("--help")).contains("up", "down", "migrate", "demo", "fleet", "test", "bench", "costs", "report");
    }

    @Test
    void costsImportHelpTellsTheThresholdTheViewAndWhereTheEndpointsComeFrom() {
        assertThat(run("costs", "import", "--help")).contains("Usage: tally costs import")
                .contains("--tolerate-rejections").contains("(default: 0)").contains("--view")
                .contains("amortized; FOCUS files carry both").contains("stack.json").contains("env TALLY_KAFKA_BOOTSTRAP");
        assertThat(run("costs", "runs", "--help")).contains("Usage: tally costs runs").contains("--clickhouse");
    }

    @Test
    void anUnknownOptionIsRefusedWithUsageAndExitCodeTwo() {
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "up", "--kafka-prot", "1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--kafka-prot'").contains("Possible solutions: --kafka-port");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
        assertThat(exit).isZero();
        return out.toString();
    }
}
