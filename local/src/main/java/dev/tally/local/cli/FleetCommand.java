package dev.tally.local.cli;

import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.costs.FleetCostExport;
import dev.tally.local.fleet.costs.FleetCostSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Exports of the simulated fleet of AKS clusters (the one the demo runs).",
        subcommands = {FleetCommand.ExportCosts.class, CommandLine.HelpCommand.class})
final class FleetCommand extends CommandGroup {

    @Command(name = "export-costs", mixinStandardHelpOptions = true,
            description = {"Write the simulated fleet's Azure cost export for the last whole UTC days: EA amortized",
                    "and actual cost details in the real EA column layout, and FOCUS 1.0, priced from the VM",
                    "sizes at list prices, with a 1-year reservation on aks-prod-weu's apps pool.",
                    "Files: EA_AmortizedCost_<from>-<to>.csv, EA_ActualCost_<from>-<to>.csv, FOCUS_1.0_Cost_<from>-<to>.csv."})
    static final class ExportCosts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--days", defaultValue = "1", description = "days to export, ending at the start of today UTC (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder for the files (created if missing)")
        Path out;

        @Option(names = "--seed", defaultValue = "42", description = "the fleet simulator's seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (days < 1) {
                throw new IllegalArgumentException("--days must be at least 1, not " + days);
            }
            PrintWriter w = spec.commandLine().getOut();
            LocalDate to = LocalDate.now(ZoneOffset.UTC);
            LocalDate from = to.minusDays(days);
            FleetSimulator sim = new FleetSimulator(FleetSpec.demo().withSeed(seed));
            LocalDate origin = LocalDate.ofInstant(sim.spec().origin(), ZoneOffset.UTC);
            if (from.isBefore(origin)) {
                throw new IllegalArgumentException("the simulated clusters exist from " + origin + ": use at most --days "
                        + (to.toEpochDay() - origin.toEpochDay()));
            }
            long start = System.nanoTime();
            FleetCostExport.Written written = new FleetCostExport(sim, FleetCostSpec.demo(sim.spec()))
                    .write(out.toAbsolutePath(), from, to, line -> w.println("… " + line));
            w.printf("Cost export of %d day(s), seed %d: billed %s USD, effective %s USD, in %.1f s.%n", days, seed,
                    written.billedTotal().toPlainString(), written.effectiveTotal().toPlainString(),
                    (System.nanoTime() - start) / 1e9);
            w.flush();
            return 0;
        }
    }
}
