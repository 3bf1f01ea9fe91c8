package dev.tally.local.fleet.truth;

import java.time.Instant;

/** One workload (kind and name, e.g. Deployment/checkout-api) of one namespace during one hour. */
public record WorkloadHour(String cluster, String namespace, String workloadKind, String workloadName, Instant hour) {
}
