package dev.tally.bench.rightsizing;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.recommend.ContainerRecommender;
import dev.tally.jobs.rightsizing.recommend.ContainerState;
import dev.tally.jobs.rightsizing.recommend.RecommendationRules;
import dev.tally.jobs.rightsizing.signals.ContainerSignal;
import dev.tally.jobs.rightsizing.signals.SignalKind;
import dev.tally.jobs.rightsizing.vpa.SimplePercentileStrategy;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rightsizing job's per-container state: signals applied per second (updates/s: one CPU or
 * working-set sample into a container's {@link ContainerState}, both strategies, rotating over
 * {@code containers} containers at 30 s scrapes) against the baseline of the same samples into KRR's
 * simple strategy alone; and the state's size as checkpoints store it (Flink's serializer for
 * {@link ContainerRecommender#stateType()}), reported as the auxiliary counter
 * {@code stateBytesPerContainer} after {@code historyDays} of history per container.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class RecommenderStateBenchmark {
    private static final long STEP_MILLIS = 30_000;
    private static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    @Param("1000")
    int containers;

    @Param("1")
    int historyDays;

    private final RightsizingSettings settings = RightsizingSettings.defaults();
    private ContainerState[] states;
    private SimplePercentileStrategy[] simple;
    private ContainerRef[] refs;
    private long tick;
    private int next;
    private final SplittableRandom random = new SplittableRandom(42);
    private double stateBytes;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        states = new ContainerState[containers];
        simple = new SimplePercentileStrategy[containers];
        refs = new ContainerRef[containers];
        for (int c = 0; c < containers; c++) {
            refs[c] = new ContainerRef("bench", "ns-" + c % 40, "Deployment", "app-" + c, "main");
            states[c] = new ContainerState(settings);
            simple[c] = SimplePercentileStrategy.defaults();
            states[c].apply(new ContainerSignal(refs[c], "pod-" + c, T0, SignalKind.CPU_REQUEST_CORES, 0.5), settings);
            states[c].apply(new ContainerSignal(refs[c], "pod-" + c, T0, SignalKind.MEMORY_REQUEST_BYTES, 512.0 * (1 << 20)), settings);
        }
        long ticks = historyDays * 86_400_000L / STEP_MILLIS;
        for (tick = 0; tick < ticks; tick++) {
            for (int c = 0; c < containers; c++) {
                apply(c, tick);
            }
        }
        TypeSerializer<ContainerState> serializer = ContainerRecommender.stateType().createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
        long total = 0;
        for (ContainerState s : states) {
            out.clear();
            serializer.serialize(s, out);
            total += out.length();
        }
        stateBytes = (double) total / containers;
        RightsizingRecommendation r = RecommendationRules.recommend(refs[0], T0 + ticks * STEP_MILLIS, states[0],
                RightsizingStrategy.VPA, settings);
        System.out.printf("%n%d containers, %d day(s) of 30 s samples each: %.0f checkpointed state bytes per container"
                + " (the first one's recommendation: %s)%n", containers, historyDays, stateBytes, r.status().label());
    }

    private void apply(int c, long t) {
        long at = T0 + t * STEP_MILLIS;
        states[c].apply(new ContainerSignal(refs[c], "pod-" + c, at, SignalKind.CPU_CORES, 0.2 + 0.1 * random.nextDouble()), settings);
        states[c].apply(new ContainerSignal(refs[c], "pod-" + c, at, SignalKind.MEMORY_BYTES,
                (300 + 20 * random.nextDouble()) * (1 << 20)), settings);
    }

    /** The checkpointed size of one container's state, as an auxiliary result. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Size {
        public double stateBytesPerContainer;
    }

    /** One CPU sample into a container's full state (VPA and simple histories). */
    @Benchmark
    public void containerStateUpdate(Size size) {
        int c = next++ % containers;
        if (c == 0) {
            tick++;
        }
        states[c].apply(new ContainerSignal(refs[c], "pod-" + c, T0 + tick * STEP_MILLIS, SignalKind.CPU_CORES,
                0.2 + 0.1 * random.nextDouble()), settings);
        size.stateBytesPerContainer = stateBytes;
    }

    /** The same sample into KRR's simple strategy alone: a histogram without decay or weights. */
    @Benchmark
    public void baselineSimpleStrategyUpdate() {
        int c = next++ % containers;
        if (c == 0) {
            tick++;
        }
        simple[c].addCpu(Instant.ofEpochMilli(T0 + tick * STEP_MILLIS), 0.2 + 0.1 * random.nextDouble());
    }
}
