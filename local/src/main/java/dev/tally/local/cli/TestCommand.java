package dev.tally.local.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Install what the tests need, only when missing (the chdb npm package into",
                "local/clickhouse-http, Debian packages later stages use), then run every unit and",
                "integration test with mvn verify, ending with one summary line.",
                "Extra arguments go to Maven, e.g. ./tally test -pl jobs."})
final class TestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MAVEN_ARGS", description = "passed to mvn verify")
    List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ScriptCommand.run("tally-test", mavenArgs);
    }
}
