package dev.tally.bench;

import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.DemoFleet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet the benchmarks send: {@code n} clusters shaped like the demo's production cluster
 * (about 1,700 series per 30 s scrape), each under its own name, so each concurrent sender pushes
 * its own cluster's series in time order as one Prometheus per cluster would.
 */
public final class BenchFleet {
    /** A Tuesday, five days after the demo fleet's origin: steady state, rollouts and CronJobs running. */
    public static final Instant FROM = Instant.parse("2026-01-06T00:00:00Z");

    private BenchFleet() {
    }

    public static FleetSimulator of(int clusters) {
        ClusterSpec prod = DemoFleet.prod();
        List<ClusterSpec> specs = new ArrayList<>();
        for (int i = 1; i <= clusters; i++) {
            specs.add(new ClusterSpec("bench-prod-" + i, prod.subscriptionId(), prod.resourceGroup() + "-" + i, prod.region(),
                    prod.kubernetesVersion(), prod.pools(), prod.namespaces()));
        }
        return new FleetSimulator(FleetSpec.demo().withClusters(specs));
    }
}
