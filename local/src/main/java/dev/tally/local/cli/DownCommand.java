package dev.tally.local.cli;

import dev.tally.local.stack.StackFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop the local stack started by ./tally up (and every process it started).",
                "Data stays in the data folder; delete the folder to start afresh."})
final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Duration GRACE = Duration.ofSeconds(60);

    @Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws Exception {
        var config = stackOptions.toConfig(ProjectHome.find(), ProjectHome.find().resolve(".tally"), Duration.ZERO);
        Optional<StackFile> file = StackFile.read(config.stackFile());
        if (file.isEmpty()) {
            out().println("No local stack is running on " + config.dataDir() + ".");
            return 0;
        }
        StackFile stack = file.get();
        List<ProcessHandle> processes = new ArrayList<>();
        ProcessHandle.of(stack.pid()).ifPresent(processes::add);
        stack.childPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(processes::add));

        ProcessHandle.of(stack.pid()).ifPresent(ProcessHandle::destroy);
        if (!waitForExit(processes, GRACE)) {
            processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            waitForExit(processes, Duration.ofSeconds(10));
        }
        List<Long> survivors = processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("processes " + survivors + " did not stop: kill them by hand");
        }
        java.nio.file.Files.deleteIfExists(config.stackFile());
        out().println("The local stack (pid " + stack.pid() + ") is stopped; data kept in " + stack.dataDir() + ".");
        return 0;
    }

    private static boolean waitForExit(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (processes.stream().noneMatch(ProcessHandle::isAlive)) {
                return true;
            }
            Thread.sleep(200);
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
