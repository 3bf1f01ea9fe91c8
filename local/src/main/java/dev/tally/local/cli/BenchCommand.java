package dev.tally.local.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Build and run the JMH benchmarks in bench/; results as JSON under bench/results/,",
                "and each benchmark's ratio against the baseline measured in the same run.",
                "Extra arguments go to JMH, e.g. ./tally bench ClickHouseInsert -f 1."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JMH_ARGS", description = "passed to the JMH runner")
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ScriptCommand.run("tally-bench", jmhArgs);
    }
}
