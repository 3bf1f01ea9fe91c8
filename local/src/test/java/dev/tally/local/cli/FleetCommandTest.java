package dev.tally.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally fleet export-costs}: the three files for the last whole days, with progress lines. */
class FleetCommandTest {

    @Test
    void exportCostsWritesTheThreeFilesForTheLastDaysAndSaysSo(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "fleet", "export-costs", "--days", "2", "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String range = today.minusDays(2).format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + today.minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).containsExactly("EA_ActualCost_" + range + ".csv", "EA_AmortizedCost_" + range + ".csv",
                "FOCUS_1.0_Cost_" + range + ".csv");
        assertThat(out.toString()).contains("… pricing 2 clusters over 2 days").contains("… wrote ")
                .contains("Cost export of 2 day(s), seed 42: billed ");
    }

    @Test
    void zeroDaysIsRefusedInOneLine(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "fleet", "export-costs", "--days", "0", "--out", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("--days must be at least 1");
    }
}
