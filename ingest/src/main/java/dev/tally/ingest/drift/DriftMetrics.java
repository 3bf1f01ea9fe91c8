package dev.tally.ingest.drift;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.ingest.service.MetricsText;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The exporter's {@code /metrics}: every scrape selects the containers from the current state
 * ({@link DriftSelection}) and writes their gauges, so a tombstoned or deselected container's
 * series simply stop (nothing is left behind in label children). Names and labels:
 * {@code ingest/README.md}, "Drift exporter".
 */
public final class DriftMetrics {

    static final String[] CONTAINER = {"cluster", "namespace", "workload_kind", "workload", "container"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DriftState state;
    private final DriftSelection selection;
    private final Counter records;
    private final Counter deadLetters;
    /** What the current scrape exports; set at the start of each scrape, read by the callbacks. */
    private List<ContainerGauges> exported = List.of();
    private List<RightsizingRecommendation> known = List.of();

    public DriftMetrics(DriftState state, DriftSelection selection) {
        this.state = state;
        this.selection = selection;
        perContainer("tally_rightsizing_drift_ratio",
                "Current request / recommended request, per resource (cpu, memory): above 1 is over-provisioned",
                "resource", (g, out) -> {
                    emit(out, g.cpuDriftRatio(), "cpu");
                    emit(out, g.memoryDriftRatio(), "memory");
                });
        perContainer("tally_rightsizing_cpu_request_cores",
                "CPU request in cores: as deployed (setting=current) and as recommended (setting=recommended)",
                "setting", (g, out) -> {
                    emit(out, g.cpuRequestCores(), "current");
                    emit(out, g.recommendedCpuRequestCores(), "recommended");
                });
        perContainer("tally_rightsizing_memory_request_bytes",
                "Memory request in bytes: as deployed (setting=current) and as recommended (setting=recommended)",
                "setting", (g, out) -> {
                    emit(out, g.memoryRequestBytes() == null ? null : g.memoryRequestBytes().doubleValue(), "current");
                    emit(out, g.recommendedMemoryRequestBytes() == null ? null : g.recommendedMemoryRequestBytes().doubleValue(),
                            "recommended");
                });
        perContainer("tally_rightsizing_savings_monthly",
                "Monthly cost of the current requests minus that of the recommended ones, all replicas, in the billing"
                        + " currency: positive saves money, negative costs more",
                "currency", (g, out) -> emit(out, g.monthlySavings() == null ? null : g.monthlySavings().doubleValue(),
                        g.currency()));
        perContainer("tally_rightsizing_risk",
                "1 for each reason the container's current settings are a risk (oom-kills, cpu-throttling, …)",
                "reason", (g, out) -> {
                    for (RiskReason reason : g.riskReasons()) {
                        emit(out, 1.0, reason.label());
                    }
                });
        perContainer("tally_rightsizing_cpu_throttled_ratio",
                "Share of CFS periods in which the container was throttled over the recommendation's history",
                null, (g, out) -> emit(out, g.cpuThrottledRatio(), null));
        GaugeWithCallback.builder().name("tally_rightsizing_recommendations_updated_timestamp_seconds")
                .help("When the newest recommendation of the cluster was computed (Unix seconds): the staleness gauge")
                .labelNames("cluster")
                .callback(cb -> DriftState.newestPerCluster(known).forEach((cluster, at) -> cb.call(seconds(at), cluster)))
                .register(registry);
        GaugeWithCallback.builder().name("tally_rightsizing_exporter_containers")
                .help("Containers with a recommendation (state=known) and those with series (state=exported)")
                .labelNames("state")
                .callback(cb -> {
                    cb.call(known.size(), "known");
                    cb.call(exported.size(), "exported");
                })
                .register(registry);
        records = Counter.builder().name("tally_rightsizing_exporter_records_total")
                .help("Records read from tally.rightsizing.v1 by outcome (update, tombstone, invalid)")
                .labelNames("outcome").register(registry);
        deadLetters = Counter.builder().name("tally_rightsizing_exporter_dead_letters_total")
                .help("Invalid records of tally.rightsizing.v1 sent to tally.deadletter.v1 (result=sent), or that Kafka"
                        + " refused (result=failed)")
                .labelNames("result").register(registry);
        deadLetters.labelValues("sent");
        deadLetters.labelValues("failed");
    }

    public void recordDeadLetter(boolean sent) {
        deadLetters.labelValues(sent ? "sent" : "failed").inc();
    }

    public void recordApplied(DriftState.Applied applied) {
        records.labelValues(applied.outcome()).inc();
    }

    public String contentType() {
        return MetricsText.contentType();
    }

    public synchronized byte[] scrape() {
        known = state.recommendations();
        exported = selection.select(known).stream().map(ContainerGauges::of).toList();
        return MetricsText.scrape(registry);
    }

    /** One value of a per-container gauge: null writes nothing; {@code extraLabel} is the metric's own label. */
    private interface Emitter {
        void emit(Double value, String extraLabel);
    }

    private static void emit(Emitter out, Double value, String extraLabel) {
        if (value != null && Double.isFinite(value)) {
            out.emit(value, extraLabel);
        }
    }

    private void perContainer(String name, String help, String extraLabel, BiConsumer<ContainerGauges, Emitter> values) {
        String[] labels = extraLabel == null ? CONTAINER : append(CONTAINER, extraLabel);
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(cb -> {
                    for (ContainerGauges g : exported) {
                        values.accept(g, (value, extra) -> cb.call(value, labelValues(g.container(), extra)));
                    }
                })
                .register(registry);
    }

    private static String[] labelValues(ContainerRef c, String extra) {
        String[] base = {c.cluster(), c.namespace(), c.workloadKind(), c.workloadName(), c.container()};
        return extra == null ? base : append(base, extra);
    }

    private static String[] append(String[] base, String last) {
        String[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = last;
        return all;
    }

    private static double seconds(Instant at) {
        return at.getEpochSecond() + at.getNano() / 1e9;
    }

}
