package dev.tally.local.fleet;

import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.DemoFleet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to simulate: a seed, the clusters, the scrape interval, and the origin (the instant the
 * clusters were created; nothing exists before it, and every schedule — rollouts, node
 * instance ids, CronJob runs — counts from it, which is what makes any time range renderable
 * on its own).
 *
 * @param seed           every random choice is a hash of this seed (same seed, same bytes)
 * @param clusters       the AKS clusters
 * @param scrapeInterval the Prometheus scrape interval and the model's time resolution; must divide an hour
 * @param origin         cluster creation time, whole seconds
 */
public record FleetSpec(long seed, List<ClusterSpec> clusters, Duration scrapeInterval, Instant origin) {

    /** The demo fleet starts on Thursday 2026-01-01; render from a few days later to see steady state. */
    public static final Instant DEMO_ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    public FleetSpec {
        clusters = List.copyOf(clusters);
        long step = scrapeInterval.toSeconds();
        if (scrapeInterval.toNanosPart() != 0 || step < 5 || 3600 % step != 0) {
            throw new IllegalArgumentException("scrape interval must be whole seconds, at least 5, dividing an hour: " + scrapeInterval);
        }
        if (origin.getNano() != 0) {
            throw new IllegalArgumentException("origin must be whole seconds");
        }
        Set<String> names = new HashSet<>();
        for (ClusterSpec c : clusters) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate cluster " + c.name());
            }
        }
    }

    /** Two clusters ({@code aks-prod-weu}, {@code aks-dev-weu}), seed 42, 30 s scrapes, origin 2026-01-01. */
    public static FleetSpec demo() {
        return new FleetSpec(42, DemoFleet.clusters(), Duration.ofSeconds(30), DEMO_ORIGIN);
    }

    public FleetSpec withSeed(long newSeed) {
        return new FleetSpec(newSeed, clusters, scrapeInterval, origin);
    }

    public FleetSpec withScrapeInterval(Duration interval) {
        return new FleetSpec(seed, clusters, interval, origin);
    }

    public FleetSpec withClusters(List<ClusterSpec> newClusters) {
        return new FleetSpec(seed, newClusters, scrapeInterval, origin);
    }
}
