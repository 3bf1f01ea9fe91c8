package dev.tally.local.fleet;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.render.ClusterRenderer;
import dev.tally.local.fleet.render.Exposition;
import dev.tally.local.fleet.render.LogSegment;
import dev.tally.local.fleet.render.CollectorMetricsEncoder;
import dev.tally.local.fleet.render.OtlpLogsEncoder;
import dev.tally.local.fleet.render.OtlpMetricsEncoder;
import dev.tally.local.fleet.render.RemoteWriteEncoder;
import dev.tally.local.fleet.sim.ClusterRun;
import dev.tally.local.fleet.sim.ClusterTimeline;
import dev.tally.local.fleet.sim.ContainerStepper;
import dev.tally.local.fleet.sim.PodState;
import dev.tally.local.fleet.sim.VolumePlan;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.TruthAccumulator;
import dev.tally.local.fleet.truth.VolumeTruth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulates a fleet of AKS clusters: renders what their exporters emit at every scrape
 * ({@link #run}) and says what really happened ({@link #groundTruth}). Both are pure functions
 * of the spec and the time range: the same spec renders the same bytes, and a range renders the
 * same whether alone or as part of a longer one.
 */
public final class FleetSimulator {

    private final FleetSpec spec;
    private final List<ClusterTimeline> timelines = new ArrayList<>();

    public FleetSimulator(FleetSpec spec) {
        this.spec = spec;
        for (ClusterSpec c : spec.clusters()) {
            timelines.add(new ClusterTimeline(c, spec.seed(), (int) spec.scrapeInterval().toSeconds(),
                    spec.origin().getEpochSecond()));
        }
    }

    public FleetSpec spec() {
        return spec;
    }

    /** The cluster ids, in spec order (the order of batches within a tick). */
    public List<String> clusterIds() {
        return spec.clusters().stream().map(ClusterSpec::name).toList();
    }

    /**
     * Renders every scrape tick in {@code [from, to)} (ticks are multiples of the scrape interval
     * since the epoch; nothing before the origin), for every cluster, to {@code sink}.
     */
    public void run(Instant from, Instant to, FleetSink sink) {
        long start = Math.max(from.getEpochSecond(), spec.origin().getEpochSecond());
        long end = to.getEpochSecond();
        List<ClusterRun> runs = new ArrayList<>();
        List<ClusterRun.Observer> observers = new ArrayList<>();
        for (ClusterTimeline timeline : timelines) {
            runs.add(new ClusterRun(timeline, start, end));
            observers.add(new Renderer(timeline.spec(), sink));
        }
        while (!runs.isEmpty() && runs.get(0).hasNext()) {
            for (int i = 0; i < runs.size(); i++) {
                runs.get(i).next(observers.get(i));
            }
        }
    }

    /** What really happened in {@code [from, to)}, computed from the model without rendering. */
    public GroundTruth groundTruth(Instant from, Instant to) {
        long start = Math.max(from.getEpochSecond(), spec.origin().getEpochSecond());
        long end = to.getEpochSecond();
        GroundTruth.Builder truth = new GroundTruth.Builder();
        for (ClusterTimeline timeline : timelines) {
            String cluster = timeline.spec().name();
            ClusterRun run = new ClusterRun(timeline, start, end);
            TruthAccumulator accumulator = new TruthAccumulator(cluster, truth);
            run.run(accumulator);
            accumulator.finish(run, start, end);
            for (VolumePlan v : timeline.volumes()) {
                if (v.created() < end) {
                    truth.addVolume(new VolumeTruth(cluster, v.namespace(), v.claimName(), v.volumeName(),
                            v.storageClass().className(), v.storageClass().diskSku(), v.diskResourceId(), v.sizeBytes(),
                            Instant.ofEpochSecond(v.created())));
                }
            }
        }
        return truth.build();
    }

    /**
     * The model's timeline of one cluster (nodes with their VM creation and deletion, volumes),
     * for exports that are not scrapes, such as the cost export.
     */
    public ClusterTimeline timeline(String cluster) {
        for (ClusterTimeline t : timelines) {
            if (t.spec().name().equals(cluster)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no cluster " + cluster + " in the fleet");
    }

    /** Renders each tick of one cluster into a {@link ScrapeBatch}. */
    private static final class Renderer implements ClusterRun.Observer {
        private final ClusterRenderer renderer;
        private final String cluster;
        private final FleetSink sink;

        Renderer(ClusterSpec spec, FleetSink sink) {
            this.renderer = new ClusterRenderer(spec);
            this.cluster = spec.name();
            this.sink = sink;
        }

        @Override
        public void atTick(long t, ClusterRun run) {
            Exposition exposition = renderer.expose(run);
            RemoteWrite.WriteRequest remoteWrite = RemoteWriteEncoder.encode(exposition);
            List<LogSegment> segments = logSegments(run, t);
            sink.accept(new ScrapeBatch(cluster, Instant.ofEpochSecond(t), remoteWrite,
                    () -> OtlpMetricsEncoder.encode(exposition),
                    () -> CollectorMetricsEncoder.encode(exposition),
                    () -> OtlpLogsEncoder.encode(cluster, segments)));
        }

        @Override
        public void afterInterval(long t, ClusterRun run) {
        }

        /** Who ran during the interval ending now, i.e. whose log lines the collector ships at this tick. */
        private static List<LogSegment> logSegments(ClusterRun run, long t) {
            List<LogSegment> out = new ArrayList<>();
            long intervalStart = t - run.step();
            for (PodState p : run.pods()) {
                for (ContainerStepper c : p.containers()) {
                    if (c.intervalStart() == intervalStart && c.segmentSeconds() > 0 && c.plan().spec().logs().writes()) {
                        out.add(new LogSegment(p.plan(), c.plan(), intervalStart, c.segmentStart(), c.segmentSeconds(),
                                c.segmentRun()));
                    }
                }
            }
            return out;
        }
    }
}
