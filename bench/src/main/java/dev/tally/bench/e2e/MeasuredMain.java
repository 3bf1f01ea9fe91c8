package dev.tally.bench.e2e;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a component's main class in this JVM and, every {@value #EVERY_MILLIS} ms, appends its
 * heap to a file: {@code epochMillis heapUsedMb heapCommittedMb heapAfterLastGcMb collections}.
 * The heap after the newest collection is the live set plus what that collection left (a young
 * collection leaves the old generation as it is); it is read from the JVM's own beans, so
 * measuring costs no attach, no extra process and no forced collection.
 * {@code MeasuredMain <heap file> <main class> [args…]}.
 */
public final class MeasuredMain {
    static final int EVERY_MILLIS = 2_000;

    private MeasuredMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Thread reporter = new Thread(() -> report(file), "bench-heap-reporter");
        reporter.setDaemon(true);
        reporter.start();
        Class.forName(args[1]).getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    private static void report(Path file) {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(GarbageCollectorMXBean.class::isInstance).map(GarbageCollectorMXBean.class::cast).toList();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            while (true) {
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                GcInfo newest = null;
                long count = 0;
                for (GarbageCollectorMXBean gc : collectors) {
                    count += Math.max(0, gc.getCollectionCount());
                    GcInfo info = gc.getLastGcInfo();
                    if (info != null && (newest == null || info.getEndTime() > newest.getEndTime())) {
                        newest = info;
                    }
                }
                long afterGc = newest == null ? heap.getUsed() : newest.getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                out.printf(Locale.ROOT, "%d %.1f %.1f %.1f %d%n", System.currentTimeMillis(), heap.getUsed() / 1048576.0,
                        heap.getCommitted() / 1048576.0, afterGc / 1048576.0, count);
                Thread.sleep(EVERY_MILLIS);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench heap reporter stopped: " + e);
        }
    }
}
