package dev.tally.bench.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.bench.BenchClickHouse;
import dev.tally.bench.BenchFleet;
import dev.tally.bench.e2e.Statistics.TimedValue;
import dev.tally.bench.endtoend.EndToEndBenchmark;
import dev.tally.bench.endtoend.EndToEndOptions;
import dev.tally.bench.endtoend.ResultJson;
import dev.tally.bench.endtoend.ResultJson.Metric;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.stack.DataFolder;
import dev.tally.local.stack.LocalStack;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The whole pipeline under the simulated fleet's load: ingest gateway → Kafka → the three Flink
 * jobs that read every sample → ClickHouse, each component in a process of its own. Steps of
 * rising rate until one is not sustained ({@link SustainedRule}), then a soak at half the highest
 * sustained rate judged for flat memory ({@link FlatMemoryRule}), then the projection to a fleet
 * ({@link SizingProjection}). bench/README.md ("End to end") describes the run and its rules;
 * {@link E2eSettings} its options. Results: one entry per step, the soak, the headline figures
 * and the projection, in JMH's JSON shape, plus a summary on stdout.
 */
public final class PipelineE2eBenchmark implements EndToEndBenchmark {
    static final List<String> JOB_GROUPS = List.of(IngestSamplesJob.CONSUMER_GROUP, UsageJob.CONSUMER_GROUP,
            RightsizingJob.CONSUMER_GROUP);
    static final int SAMPLE_EVERY_MILLIS = 2_000;
    static final long PROJECTED_CONTAINERS = 1_000_000;
    static final int PROJECTED_CLUSTERS = 200;

    private final PrintStream out;

    public PipelineE2eBenchmark() {
        this(System.out);
    }

    PipelineE2eBenchmark(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return PipelineE2eBenchmark.class.getName();
    }

    /** A measured component: a JVM of its own ({@code process}) or ClickHouse's node process (heap: none). */
    record Component(String name, long pid, ComponentProcess process) {
    }

    /** One look at the pipeline, {@code seconds} after its step started. */
    record Look(double seconds, long deliveredSamples, long deliveredRequests, Map<String, Long> lag,
                Map<String, ProcessStats.Usage> usage, Map<String, ComponentProcess.Heap> heap) {
    }

    /** One component over a step's measured window. */
    record ComponentFigures(double cores, double rssMb, double heapUsedMb, double heapAfterGcMb) {
    }

    /** A step (or the soak) measured. */
    record StepResult(String label, double offered, double delivered, SustainedRule.Verdict verdict, List<Double> freshness,
                      int markers, Map<String, ComponentFigures> components, List<Look> looks, double windowFrom,
                      double windowTo, long retries, long refused) {
        double p50() {
            return Statistics.percentile(freshness, 50);
        }

        double p99() {
            return Statistics.percentile(freshness, 99);
        }
    }

    @Override
    public List<ObjectNode> run(EndToEndOptions options) throws Exception {
        E2eSettings settings = E2eSettings.of(options);
        Path work = Files.createTempDirectory("tally-bench-e2e");
        try (BenchClickHouse clickHouse = BenchClickHouse.start()) {
            // stopped before ClickHouse (the resource), so no job or probe sees it gone
            List<AutoCloseable> started = new ArrayList<>();
            try {
                return measure(settings, clickHouse, work, started);
            } finally {
                for (int i = started.size() - 1; i >= 0; i--) {
                    try {
                        started.get(i).close();
                    } catch (Exception e) {
                        out.println("e2e: stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
                    }
                }
            }
        } finally {
            DataFolder.deleteRecursively(work);
        }
    }

    private List<ObjectNode> measure(E2eSettings settings, BenchClickHouse clickHouse, Path work, List<AutoCloseable> started)
            throws Exception {
        ClickHouseUrl url = clickHouse.url();
        LocalStack.migrate(url, MigrationSettings.defaults().withDatabase(url.database()));
        Duration startTimeout = Duration.ofMinutes(3);
        ComponentProcess kafka = remember(started, ComponentProcess.start("kafka", KafkaMain.class.getName(),
                List.of(work.resolve("kafka-data").toString()), settings.kafkaHeap(), work, Map.of(),
                Pattern.compile("kafka ready (\\S+)"), startTimeout));
        String bootstrap = kafka.ready();

        FleetSimulator fleet = BenchFleet.of(settings.clusters());
        Map<String, String> tokens = new LinkedHashMap<>();
        fleet.clusterIds().forEach(c -> tokens.put(c, "bench-token-" + c));
        tokens.put(FreshnessProbe.CLUSTER, "bench-token-probe");
        Path gatewayConfig = work.resolve("gateway.properties");
        Files.writeString(gatewayConfig, "bind-address=127.0.0.1\nport=0\nkafka.bootstrap-servers=" + bootstrap + "\n");
        ComponentProcess gateway = remember(started, ComponentProcess.start("gateway", "dev.tally.ingest.gateway.GatewayMain",
                List.of(gatewayConfig.toString()), settings.gatewayHeap(), work,
                Map.of("TALLY_GATEWAY_TOKENS", String.join(",", tokens.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())),
                Pattern.compile("tally gateway listening on (\\S+)"), startTimeout));
        URI gatewayUrl = URI.create(gateway.ready());
        ComponentProcess jobs = remember(started, ComponentProcess.start("jobs", JobsMain.class.getName(),
                List.of(bootstrap, url.toString(), work.resolve("checkpoints").toString(), Integer.toString(settings.checkpointSeconds())),
                settings.jobsHeap(), work, Map.of(), Pattern.compile("jobs ready (\\S+)"), startTimeout));

        List<Component> components = new ArrayList<>(List.of(new Component("gateway", gateway.pid(), gateway),
                new Component("kafka", kafka.pid(), kafka), new Component("jobs", jobs.pid(), jobs)));
        clickHouse.pid().ifPresent(pid -> components.add(new Component("clickhouse", pid, null)));
        out.printf("e2e: gateway %s (pid %d, -Xmx%s), Kafka %s (pid %d, -Xmx%s), jobs (pid %d, -Xmx%s, checkpoints every %d s), "
                        + "ClickHouse %s%s; %d clusters; work folder %s%n", gatewayUrl, gateway.pid(), settings.gatewayHeap(),
                bootstrap, kafka.pid(), settings.kafkaHeap(), jobs.pid(), settings.jobsHeap(), settings.checkpointSeconds(), url,
                clickHouse.pid().isPresent() ? " (pid " + clickHouse.pid().getAsLong() + ")" : " (external: no RSS)",
                settings.clusters(), work);

        PacedLoad load = remember(started, new PacedLoad(fleet, BenchFleet.FROM, gatewayUrl, tokens));
        ConsumerLag lag = remember(started, new ConsumerLag(bootstrap, JOB_GROUPS));
        FreshnessProbe probe = remember(started, new FreshnessProbe(gatewayUrl, tokens.get(FreshnessProbe.CLUSTER), url,
                load::newestSentScrape));
        probe.start();
        Run run = new Run(settings, load, lag, probe, components);

        List<StepResult> steps = new ArrayList<>();
        StepResult highest = null;
        for (double rate = settings.startRate(); rate <= settings.maxRate(); rate *= settings.rateFactor()) {
            StepResult step = run.step("step " + (steps.size() + 1), rate, settings.stepSeconds(), settings.warmupSeconds());
            steps.add(step);
            printStep(step);
            if (!step.verdict().sustained()) {
                break;
            }
            highest = step;
        }
        StepResult soak = null;
        Map<String, FlatMemoryRule.Verdict> soakVerdicts = new LinkedHashMap<>();
        if (highest != null && settings.soakMinutes() > 0) {
            int soakSeconds = (int) Math.round(settings.soakMinutes() * 60);
            // the warm-up lets the jobs drain what the last (failed) step left; memory is judged over the whole soak's second half
            soak = run.step("soak", highest.offered() / 2, soakSeconds, Math.min(settings.warmupSeconds(), soakSeconds / 4));
            printStep(soak);
            soakVerdicts = flatness(soak, soakSeconds);
            soakVerdicts.forEach((series, v) -> out.printf("  soak %-22s %s%n", series, v.describe()));
        }
        SizingProjection projection = highest == null ? null : projection(fleet, highest);
        List<ObjectNode> results = results(settings, steps, highest, soak, soakVerdicts, projection);
        summary(settings, steps, highest, soak, soakVerdicts, projection);
        return results;
    }

    private static <T extends AutoCloseable> T remember(List<AutoCloseable> started, T component) {
        started.add(component);
        return component;
    }

    /** The load, the probe and the looks of one run; steps follow each other on the same pipeline. */
    private final class Run {
        private final E2eSettings settings;
        private final PacedLoad load;
        private final ConsumerLag lag;
        private final FreshnessProbe probe;
        private final List<Component> components;

        Run(E2eSettings settings, PacedLoad load, ConsumerLag lag, FreshnessProbe probe, List<Component> components) {
            this.settings = settings;
            this.load = load;
            this.lag = lag;
            this.probe = probe;
            this.components = components;
        }

        StepResult step(String label, double rate, int seconds, int warmupSeconds) throws Exception {
            long renderStart = System.nanoTime();
            List<List<PacedLoad.Body>> bodies = load.render((long) (rate * seconds));
            out.printf("%s: %,.0f samples/s for %d s (%d s warm-up): rendered %,d requests in %.1f s%n", label, rate, seconds,
                    warmupSeconds, bodies.stream().mapToInt(List::size).sum(), (System.nanoTime() - renderStart) / 1e9);
            PacedLoad.Progress progress = new PacedLoad.Progress();
            List<Look> looks = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            Thread looker = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        looks.add(look(start, progress));
                        Thread.sleep(SAMPLE_EVERY_MILLIS);
                    }
                } catch (InterruptedException e) {
                    // the step ended
                } catch (Exception e) {
                    out.println("e2e: looking at the pipeline failed: " + e);
                }
            }, "bench-e2e-looker");
            looker.start();
            load.send(bodies, rate, Duration.ofSeconds(seconds * 3L / 2 + 30), progress);
            looker.interrupt();
            looker.join();
            looks.add(look(start, progress));
            long end = System.nanoTime();
            for (Component c : components) {
                if (!ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new IllegalStateException(c.name() + " (pid " + c.pid() + ") died during " + label
                            + (c.process() == null ? "" : ": " + c.process().logTail()));
                }
            }
            double to = (end - start) / 1e9;
            double from = Math.min(warmupSeconds, to);
            // every marker of the step: the age of the newest visible one at the window's start may be a warm-up marker's
            SustainedRule.Window window = window(looks, rate, from, to, probe.markersSentBetween(start, end), start);
            SustainedRule.Verdict verdict = SustainedRule.defaults().judge(window);
            // markers still in flight at the step's end: wait for them (up to 2 min) so their freshness is measured, not guessed
            long waitUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            List<FreshnessProbe.Marker> markers = probe.markersSentBetween(start + (long) (from * 1e9), end);
            while (markers.stream().anyMatch(m -> m.seenNanos() == 0) && System.nanoTime() < waitUntil) {
                Thread.sleep(500);
                markers = probe.markersSentBetween(start + (long) (from * 1e9), end);
            }
            if (markers.isEmpty() && probe.lastError() != null) {
                out.println("e2e: freshness probe: " + probe.lastError());
            }
            List<Double> freshness = markers.stream().filter(m -> m.seenNanos() != 0).map(FreshnessProbe.Marker::freshnessSeconds).toList();
            return new StepResult(label, rate, window.deliveredSamplesPerSecond(), verdict, freshness, markers.size(),
                    figures(looks, from, to), List.copyOf(looks), from, to, progress.retries.get(), progress.refused.get());
        }

        private Look look(long start, PacedLoad.Progress progress) throws Exception {
            Map<String, ProcessStats.Usage> usage = new LinkedHashMap<>();
            Map<String, ComponentProcess.Heap> heap = new LinkedHashMap<>();
            for (Component c : components) {
                usage.put(c.name(), ProcessStats.of(c.pid()));
                if (c.process() != null) {
                    c.process().heap().ifPresent(h -> heap.put(c.name(), h));
                }
            }
            Map<String, Long> behind;
            try {
                behind = lag.recordsBehind();
            } catch (Exception e) {
                behind = Map.of();
            }
            return new Look((System.nanoTime() - start) / 1e9, progress.samples.get(), progress.requests.get(), behind, usage, heap);
        }

        private Map<String, ComponentFigures> figures(List<Look> looks, double from, double to) {
            Look first = at(looks, from);
            Look last = looks.get(looks.size() - 1);
            Map<String, ComponentFigures> figures = new LinkedHashMap<>();
            for (Component c : components) {
                double cpu = last.usage().get(c.name()).cpuSeconds() - first.usage().get(c.name()).cpuSeconds();
                double seconds = Math.max(1e-9, last.seconds() - first.seconds());
                List<Look> inWindow = looks.stream().filter(l -> l.seconds() >= from).toList();
                double rss = inWindow.stream().mapToDouble(l -> l.usage().get(c.name()).rssMb()).max().orElse(0);
                double heapUsed = inWindow.stream().filter(l -> l.heap().containsKey(c.name()))
                        .mapToDouble(l -> l.heap().get(c.name()).usedMb()).max().orElse(Double.NaN);
                double afterGc = inWindow.stream().filter(l -> l.heap().containsKey(c.name()))
                        .mapToDouble(l -> l.heap().get(c.name()).afterGcMb()).max().orElse(Double.NaN);
                figures.put(c.name(), new ComponentFigures(cpu / seconds, rss, heapUsed, afterGc));
            }
            return figures;
        }
    }

    /** The first look at or after {@code seconds}, else the last. */
    static Look at(List<Look> looks, double seconds) {
        return looks.stream().filter(l -> l.seconds() >= seconds).findFirst().orElse(looks.get(looks.size() - 1));
    }

    /** What the sustained rule judges, from the looks and markers of the window [from, to] (seconds since the step's start). */
    static SustainedRule.Window window(List<Look> looks, double rate, double from, double to, List<FreshnessProbe.Marker> markers,
                                       long startNanos) {
        Look first = at(looks, from);
        Look last = looks.get(looks.size() - 1);
        double seconds = Math.max(1e-9, last.seconds() - first.seconds());
        double delivered = (last.deliveredSamples() - first.deliveredSamples()) / seconds;
        double records = (last.deliveredRequests() - first.deliveredRequests()) / seconds;
        Map<String, List<TimedValue>> lag = new LinkedHashMap<>();
        for (Look l : looks) {
            if (l.seconds() >= from) {
                l.lag().forEach((group, behind) -> lag.computeIfAbsent(group, g -> new ArrayList<>())
                        .add(new TimedValue(l.seconds() - from, behind)));
            }
        }
        long endNanos = startNanos + (long) (to * 1e9);
        List<SustainedRule.Marker> judged = markers.stream().map(m -> new SustainedRule.Marker(
                (m.sentNanos() - startNanos) / 1e9 - from,
                m.seenNanos() == 0 || m.seenNanos() > endNanos ? Double.NaN : (m.seenNanos() - startNanos) / 1e9 - from)).toList();
        return new SustainedRule.Window(to - from, rate, delivered, records, lag, judged);
    }

    /** Each JVM's heap after GC and every component's RSS over the soak, judged flat or not. */
    static Map<String, FlatMemoryRule.Verdict> flatness(StepResult soak, double soakSeconds) {
        Map<String, FlatMemoryRule.Verdict> verdicts = new LinkedHashMap<>();
        for (String name : soak.components().keySet()) {
            List<TimedValue> rss = soak.looks().stream().map(l -> new TimedValue(l.seconds(), l.usage().get(name).rssMb())).toList();
            List<TimedValue> heap = soak.looks().stream().filter(l -> l.heap().containsKey(name))
                    .map(l -> new TimedValue(l.seconds(), l.heap().get(name).afterGcMb())).toList();
            if (!heap.isEmpty()) {
                verdicts.put(name + " heap after GC", FlatMemoryRule.defaults().judge(heap, soakSeconds));
            }
            verdicts.put(name + " RSS", FlatMemoryRule.defaults().judge(rss, soakSeconds));
        }
        return verdicts;
    }

    /** The projection to 1 million containers in 200 clusters from the highest sustained step. */
    static SizingProjection projection(FleetSimulator fleet, StepResult highest) {
        long[] samples = {0};
        Set<String> containers = new HashSet<>();
        fleet.run(BenchFleet.FROM, BenchFleet.FROM.plus(fleet.spec().scrapeInterval()), batch -> {
            samples[0] += batch.sampleCount();
            containers.addAll(containersOf(batch.clusterId(), batch.remoteWrite()));
        });
        double perContainer = (double) samples[0] / Math.max(1, containers.size());
        List<SizingProjection.Measured> measured = highest.components().entrySet().stream()
                .map(e -> new SizingProjection.Measured(e.getKey(), e.getValue().cores(), e.getValue().rssMb())).toList();
        return new SizingProjection(PROJECTED_CONTAINERS, PROJECTED_CLUSTERS, perContainer,
                fleet.spec().scrapeInterval().toSeconds(), highest.delivered(), measured);
    }

    /** The containers a scrape describes: distinct (namespace, pod, container) of the series that name a container. */
    static Set<String> containersOf(String cluster, RemoteWrite.WriteRequest request) {
        Set<String> containers = new HashSet<>();
        for (RemoteWrite.TimeSeries series : request.getTimeseriesList()) {
            String namespace = "";
            String pod = "";
            String container = "";
            for (RemoteWrite.Label label : series.getLabelsList()) {
                switch (label.getName()) {
                    case "namespace" -> namespace = label.getValue();
                    case "pod" -> pod = label.getValue();
                    case "container" -> container = label.getValue();
                    default -> { }
                }
            }
            if (!container.isEmpty() && !container.equals("POD") && !pod.isEmpty()) {
                containers.add(cluster + "/" + namespace + "/" + pod + "/" + container);
            }
        }
        return containers;
    }

    private void printStep(StepResult s) {
        out.printf("%s: offered %,.0f, delivered %,.0f samples/s over %.0f s measured (%d retried, %d refused); freshness p50 %.1f s, "
                        + "p99 %.1f s (%d markers): %s%n", s.label(), s.offered(), s.delivered(), s.windowTo() - s.windowFrom(), s.retries(),
                s.refused(), s.p50(), s.p99(), s.markers(), s.verdict().sustained() ? "SUSTAINED" : "NOT SUSTAINED");
        s.verdict().reasons().forEach(r -> out.println("    " + r));
        s.components().forEach((name, f) -> out.printf("    %-10s %.2f cores, RSS %,.0f MB%s%n", name, f.cores(), f.rssMb(),
                Double.isNaN(f.heapAfterGcMb()) ? " (not a JVM)"
                        : String.format(", heap used ≤ %,.0f MB, after GC ≤ %,.0f MB", f.heapUsedMb(), f.heapAfterGcMb())));
    }

    private List<ObjectNode> results(E2eSettings settings, List<StepResult> steps, StepResult highest, StepResult soak,
                                     Map<String, FlatMemoryRule.Verdict> soakVerdicts, SizingProjection projection) {
        List<ObjectNode> results = new ArrayList<>();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("startRate", Double.toString(settings.startRate()));
        common.put("rateFactor", Double.toString(settings.rateFactor()));
        common.put("maxRate", Double.toString(settings.maxRate()));
        common.put("stepSeconds", Integer.toString(settings.stepSeconds()));
        common.put("warmupSeconds", Integer.toString(settings.warmupSeconds()));
        common.put("soakMinutes", Double.toString(settings.soakMinutes()));
        common.put("clusters", Integer.toString(settings.clusters()));
        common.put("checkpointSeconds", Integer.toString(settings.checkpointSeconds()));
        common.put("heaps", "gateway " + settings.gatewayHeap() + ", kafka " + settings.kafkaHeap() + ", jobs " + settings.jobsHeap());
        for (int i = 0; i < steps.size(); i++) {
            results.add(stepResult(name() + ".step" + (i + 1), steps.get(i), common));
        }
        if (highest != null) {
            Map<String, String> params = new LinkedHashMap<>(common);
            params.put("highestSustainedStep", highest.label());
            params.put("freshnessAt", highest.label());
            results.add(ResultJson.of(name() + ".highestSustainedRate", "samples/s", 1, 0, List.of(highest.delivered()), params,
                    componentMetrics(highest)));
        }
        if (soak != null) {
            Map<String, String> params = new LinkedHashMap<>(common);
            params.put("flatMemory", Boolean.toString(soakVerdicts.values().stream().allMatch(FlatMemoryRule.Verdict::flat)));
            soakVerdicts.forEach((series, v) -> params.put(series, v.describe()));
            Map<String, Metric> metrics = componentMetrics(soak);
            soakVerdicts.forEach((series, v) -> metrics.put(series.replace(' ', '_') + "_slopeMbPerMinute",
                    new Metric("MB/min", List.of(v.slopeMbPerMinute()))));
            results.add(ResultJson.of(name() + ".soak", "samples/s", 1, 0, List.of(soak.delivered()), params, metrics));
        }
        if (projection != null) {
            Map<String, String> params = new LinkedHashMap<>(common);
            List<String> lines = projection.lines();
            for (int i = 0; i < lines.size(); i++) {
                params.put("arithmetic" + (i + 1), lines.get(i));
            }
            Map<String, Metric> metrics = new LinkedHashMap<>();
            metrics.put("samplesPerContainerPerSecond", new Metric("samples/s", List.of(projection.samplesPerContainerPerSecond())));
            projection.projected().forEach(p -> {
                metrics.put(p.component() + "Cores", new Metric("cores", List.of(p.cores())));
                metrics.put(p.component() + "MemoryMb", new Metric("MB", List.of(p.memoryMb())));
                metrics.put(p.component() + "CpuMicrosecondsPerSample", new Metric("µs", List.of(p.cpuMicrosecondsPerSample())));
            });
            results.add(ResultJson.of(name() + ".projection1MContainers", "samples/s", 1, 0, List.of(projection.fleetSamplesPerSecond()),
                    params, metrics));
        }
        return results;
    }

    private ObjectNode stepResult(String benchmark, StepResult s, Map<String, String> common) {
        Map<String, String> params = new LinkedHashMap<>(common);
        params.put("offered", String.format("%.0f", s.offered()));
        params.put("sustained", Boolean.toString(s.verdict().sustained()));
        params.put("verdict", String.join("; ", s.verdict().reasons()));
        return ResultJson.of(benchmark, "samples/s", 1, 0, List.of(s.delivered()), params, componentMetrics(s));
    }

    private static Map<String, Metric> componentMetrics(StepResult s) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("freshnessP50", new Metric("s", List.of(s.p50())));
        metrics.put("freshnessP99", new Metric("s", List.of(s.p99())));
        metrics.put("freshnessMarkers", new Metric("markers", List.of((double) s.markers())));
        s.components().forEach((name, f) -> {
            metrics.put(name + "Cores", new Metric("cores", List.of(f.cores())));
            metrics.put(name + "RssMb", new Metric("MB", List.of(f.rssMb())));
            if (!Double.isNaN(f.heapAfterGcMb())) {
                metrics.put(name + "HeapUsedMb", new Metric("MB", List.of(f.heapUsedMb())));
                metrics.put(name + "HeapAfterGcMb", new Metric("MB", List.of(f.heapAfterGcMb())));
            }
        });
        return metrics;
    }

    private void summary(E2eSettings settings, List<StepResult> steps, StepResult highest, StepResult soak,
                         Map<String, FlatMemoryRule.Verdict> soakVerdicts, SizingProjection projection) {
        out.println();
        out.println("== end to end: gateway → Kafka → jobs (ingest samples, usage, rightsizing) → ClickHouse ==");
        out.println("step  offered/s  delivered/s  sustained  freshness p50 / p99");
        for (StepResult s : steps) {
            out.printf("%-5s %,9.0f  %,11.0f  %-9s  %.1f s / %.1f s%n", s.label().replace("step ", ""), s.offered(), s.delivered(),
                    s.verdict().sustained() ? "yes" : "no", s.p50(), s.p99());
        }
        if (highest == null) {
            out.printf("no step was sustained, not even %,.0f samples/s: lower --start-rate%n", settings.startRate());
            return;
        }
        if (steps.get(steps.size() - 1).verdict().sustained()) {
            out.printf("every step up to --max-rate %,.0f was sustained: the highest sustained rate is at least that; raise --max-rate%n",
                    settings.maxRate());
        }
        out.printf("highest sustained: %,.0f samples/s (%s); freshness there p50 %.1f s, p99 %.1f s%n", highest.delivered(),
                highest.label(), highest.p50(), highest.p99());
        out.println("component   cores   RSS MB   heap used MB   heap after GC MB   (at the highest sustained rate)");
        highest.components().forEach((name, f) -> out.printf("%-10s %6.2f %8.0f %14s %18s%n", name, f.cores(), f.rssMb(),
                Double.isNaN(f.heapUsedMb()) ? "-" : String.format("%.0f", f.heapUsedMb()),
                Double.isNaN(f.heapAfterGcMb()) ? "-" : String.format("%.0f", f.heapAfterGcMb())));
        if (soak != null) {
            out.printf("soak: %,.0f samples/s for %.1f min; freshness p50 %.1f s, p99 %.1f s (%d markers); memory %s%n", soak.delivered(),
                    (soak.windowTo() - soak.windowFrom()) / 60, soak.p50(), soak.p99(), soak.markers(),
                    soakVerdicts.values().stream().allMatch(FlatMemoryRule.Verdict::flat) ? "flat" : "NOT flat");
            soakVerdicts.forEach((series, v) -> out.printf("  %-24s %s%n", series, v.describe()));
        }
        if (projection != null) {
            out.printf("projection to %,d containers in %d clusters (linear in samples/s, from the highest sustained step):%n",
                    PROJECTED_CONTAINERS, PROJECTED_CLUSTERS);
            projection.lines().forEach(l -> out.println("  " + l));
        }
    }
}
