package dev.tally.jobs.logvolume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogWorkloadTest {

    @Test
    void theOwningControllerAttributeNamesTheWorkload() {
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "shop", "k8s.deployment.name", "checkout-api",
                "k8s.replicaset.name", "checkout-api-7d9c5b6f48", "k8s.pod.name", "checkout-api-7d9c5b6f48-x2kq9")))
                .isEqualTo(new LogWorkload("shop", "Deployment", "checkout-api"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "shop", "k8s.statefulset.name", "cart-redis")))
                .isEqualTo(new LogWorkload("shop", "StatefulSet", "cart-redis"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "kube-system", "k8s.daemonset.name", "kube-proxy")))
                .isEqualTo(new LogWorkload("kube-system", "DaemonSet", "kube-proxy"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "search", "k8s.cronjob.name", "search-indexer",
                "k8s.job.name", "search-indexer-29475360")))
                .isEqualTo(new LogWorkload("search", "CronJob", "search-indexer"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "ops", "k8s.job.name", "db-migrate")))
                .isEqualTo(new LogWorkload("ops", "Job", "db-migrate"));
    }

    @Test
    void aReplicaSetWithoutADeploymentAttributeIsItsDeploymentWhenItsSuffixIsAPodTemplateHash() {
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "shop", "k8s.replicaset.name", "checkout-api-7d9c5b6f48")))
                .isEqualTo(new LogWorkload("shop", "Deployment", "checkout-api"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "kube-system", "k8s.replicaset.name", "coredns-5d78c9869d")))
                .isEqualTo(new LogWorkload("kube-system", "Deployment", "coredns"));
        // "-v1" and "-legacy" are not hashes (too short; vowels): a ReplicaSet of its own
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "shop", "k8s.replicaset.name", "worker-v1")))
                .isEqualTo(new LogWorkload("shop", "ReplicaSet", "worker-v1"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "shop", "k8s.replicaset.name", "worker-legacy")))
                .isEqualTo(new LogWorkload("shop", "ReplicaSet", "worker-legacy"));
        assertThat(LogWorkload.deploymentOf("nohyphen")).isNull();
    }

    @Test
    void aBarePodIsItsOwnWorkloadAndNothingAtAllIsUnknown() {
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "debug", "k8s.pod.name", "netshoot")))
                .isEqualTo(new LogWorkload("debug", "Pod", "netshoot"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", "debug")))
                .isEqualTo(new LogWorkload("debug", "unknown", "unknown"));
    }

    @Test
    void noOrABlankNamespaceIsTheUnknownNamespaceWithTheWorkloadStillNamed() {
        assertThat(LogWorkload.of(Map.of("k8s.deployment.name", "checkout-api")))
                .isEqualTo(new LogWorkload("unknown", "Deployment", "checkout-api"));
        assertThat(LogWorkload.of(Map.of("k8s.namespace.name", " ", "k8s.deployment.name", "")))
                .isEqualTo(new LogWorkload("unknown", "unknown", "unknown"));
        assertThat(LogWorkload.of(Map.of())).isEqualTo(new LogWorkload("unknown", "unknown", "unknown"));
    }
}
