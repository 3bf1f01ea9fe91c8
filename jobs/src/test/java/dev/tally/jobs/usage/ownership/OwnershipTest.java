package dev.tally.jobs.usage.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.usage.ownership.Ownership.Owner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnershipTest {
    private final Map<String, Owner> replicaSets = Map.of("api-7d9f", new Owner("Deployment", "api"),
            "bare-rs", new Owner(Ownership.NONE, Ownership.NONE));
    private final Map<String, Owner> jobs = Map.of("report-29400120", new Owner("CronJob", "report"));

    private Owner of(Owner podOwner) {
        return Ownership.workload("pod-1", podOwner, replicaSets::get, jobs::get);
    }

    @Test
    void chains() {
        assertThat(of(new Owner("ReplicaSet", "api-7d9f"))).isEqualTo(new Owner("Deployment", "api"));
        assertThat(of(new Owner("ReplicaSet", "bare-rs"))).isEqualTo(new Owner("ReplicaSet", "bare-rs"));
        assertThat(of(new Owner("ReplicaSet", "unknown-rs"))).isEqualTo(new Owner("ReplicaSet", "unknown-rs"));
        assertThat(of(new Owner("Job", "report-29400120"))).isEqualTo(new Owner("CronJob", "report"));
        assertThat(of(new Owner("Job", "one-off"))).isEqualTo(new Owner("Job", "one-off"));
        assertThat(of(new Owner("StatefulSet", "redis"))).isEqualTo(new Owner("StatefulSet", "redis"));
        assertThat(of(new Owner("DaemonSet", "kube-proxy"))).isEqualTo(new Owner("DaemonSet", "kube-proxy"));
        assertThat(of(new Owner(Ownership.NONE, Ownership.NONE))).isEqualTo(new Owner("Pod", "pod-1"));
        assertThat(of(null)).isEqualTo(new Owner("Pod", "pod-1"));
    }
}
