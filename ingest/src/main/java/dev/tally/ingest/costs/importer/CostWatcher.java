package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.run.CostExportRun;
import dev.tally.ingest.costs.run.DiscoveredRun;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Watches a folder or container for export runs ({@code tally costs import --watch}): every poll
 * lists the runs, imports each one once it is complete, and goes on whatever one run does.
 *
 * <ul>
 *   <li>A run already imported (by this watch, or before it started: the store says so once) is not
 *       looked at again.</li>
 *   <li>A run still being uploaded (a listed part absent or short) is reported once as waiting and
 *       imported on the poll that finds it complete; it is invisible until then.</li>
 *   <li>A run that cannot be imported (unlisted file, bad manifest, truncated gzip, unrecognized
 *       header) is reported once with its file and reason; a failed import is retried only when
 *       its files change (another size or version), not every poll.</li>
 *   <li>A listing or store failure (network, ClickHouse down) is reported and retried next poll.</li>
 * </ul>
 */
public final class CostWatcher {
    /** What one poll did. */
    public record Poll(int imported, int waiting, int failed, boolean listingFailed) {
    }

    /** How the watch waits between polls (tests pass one that does not sleep). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Supplier<List<DiscoveredRun>> discover;
    private final CostImporter importer;
    private final Consumer<String> progress;
    private final Set<String> done = new HashSet<>();
    private final Set<String> failedFiles = new HashSet<>();
    private final Map<String, String> reported = new HashMap<>();

    /** @param discover the runs in the watched place now (e.g. {@code () -> source.discover(discovery)}) */
    public CostWatcher(Supplier<List<DiscoveredRun>> discover, CostImporter importer, Consumer<String> progress) {
        this.discover = discover;
        this.importer = importer;
        this.progress = progress;
    }

    public Poll pollOnce() {
        List<DiscoveredRun> found;
        try {
            found = discover.get();
        } catch (RuntimeException e) {
            progress.accept("error: " + e.getMessage() + " (trying again at the next poll)");
            return new Poll(0, 0, 0, true);
        }
        int imported = 0;
        int waiting = 0;
        int failed = 0;
        Set<String> problemsNow = new HashSet<>();
        for (DiscoveredRun run : found) {
            if (run instanceof DiscoveredRun.Ready ready) {
                CostExportRun r = ready.run();
                String key = r.scope() + "|" + r.runId();
                String files = key + "|" + r.parts().stream().map(p -> p.name() + ":" + p.expectedBytes())
                        .collect(Collectors.joining(","));
                if (done.contains(key) || failedFiles.contains(files)) {
                    continue;
                }
                RunOutcome outcome;
                try {
                    outcome = importer.importRun(r);
                } catch (RuntimeException e) {
                    progress.accept("error: " + r.location() + ": " + e.getMessage() + " (trying again at the next poll)");
                    failed++;
                    continue;
                }
                if (outcome.failed()) {
                    failedFiles.add(files); // reported by the importer; retried when the files change
                    failed++;
                } else {
                    done.add(key);
                    imported += outcome.alreadyImported() ? 0 : 1;
                }
            } else if (run instanceof DiscoveredRun.Incomplete incomplete) {
                waiting++;
                problemsNow.add(incomplete.file());
                reportOnce(incomplete.file(), "waiting: " + incomplete);
            } else if (run instanceof DiscoveredRun.Unusable unusable) {
                failed++;
                problemsNow.add(unusable.file());
                reportOnce(unusable.file(), "error: " + unusable);
            }
        }
        reported.keySet().retainAll(problemsNow); // a problem that went away and comes back is reported again
        return new Poll(imported, waiting, failed, false);
    }

    /** Polls until {@code keepGoing} says no (checked before each poll) or the thread is interrupted. */
    public void run(Duration interval, BooleanSupplier keepGoing, Sleeper sleeper) {
        while (keepGoing.getAsBoolean()) {
            Poll poll = pollOnce();
            if (poll.imported() > 0) {
                progress.accept("watch: " + poll.imported() + " run(s) imported; next poll in " + interval.toSeconds() + " s");
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reportOnce(String file, String line) {
        if (!line.equals(reported.get(file))) {
            reported.put(file, line);
            progress.accept(line);
        }
    }
}
