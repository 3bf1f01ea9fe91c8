package dev.tally.local.fleet;

import dev.tally.common.prometheus.RemoteWrite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Shared helpers: render a range, read samples back, find the real sample data. */
final class FleetTestSupport {

    static final FleetSpec DEMO = FleetSpec.demo();

    private FleetTestSupport() {
    }

    /** A rendered sample read back from a WriteRequest: metric name, labels (without __name__), value, time. */
    record Sample(String cluster, String name, Map<String, String> labels, double value, long timestampMillis) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }

        /** The series identity: name and every label. */
        String seriesKey() {
            return name + labels;
        }

        Instant time() {
            return Instant.ofEpochMilli(timestampMillis);
        }
    }

    static List<ScrapeBatch> render(FleetSimulator sim, Instant from, Instant to) {
        List<ScrapeBatch> out = new ArrayList<>();
        sim.run(from, to, out::add);
        return out;
    }

    static List<Sample> samples(ScrapeBatch batch) {
        List<Sample> out = new ArrayList<>(batch.sampleCount());
        for (RemoteWrite.TimeSeries ts : batch.remoteWrite().getTimeseriesList()) {
            Map<String, String> labels = new TreeMap<>();
            String name = null;
            for (RemoteWrite.Label l : ts.getLabelsList()) {
                if (l.getName().equals("__name__")) {
                    name = l.getValue();
                } else {
                    labels.put(l.getName(), l.getValue());
                }
            }
            RemoteWrite.Sample s = ts.getSamples(0);
            out.add(new Sample(batch.clusterId(), name, labels, s.getValue(), s.getTimestamp()));
        }
        return out;
    }

    static List<Sample> samples(List<ScrapeBatch> batches) {
        List<Sample> out = new ArrayList<>();
        for (ScrapeBatch b : batches) {
            out.addAll(samples(b));
        }
        return out;
    }

    /** A counter value in seconds, back to the kernel's integer nanoseconds (exact below ~4e6 s). */
    static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /**
     * The real scrapes in {@code ../shared/data} relative to the project root (the build's
     * {@code tally.home}), read in place; empty when that folder is absent (a clone elsewhere).
     */
    static Optional<Path> sharedData() {
        // the project root is tally.home (set by the build); shared/ lies beside it, as in CI
        Path home = Paths.get(System.getProperty("tally.home", "..")).toAbsolutePath().normalize();
        Path candidate = home.resolve("../shared/data").normalize();
        return Files.isRegularFile(candidate.resolve("PROVENANCE.md")) ? Optional.of(candidate) : Optional.empty();
    }
}
