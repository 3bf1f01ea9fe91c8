package dev.tally.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import dev.tally.common.kafka.KafkaClientSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pod templates of Tally's own workloads (Deployments, Jobs, CronJobs) in a rendered overlay, by workload name. */
final class PodSpecs {
    private PodSpecs() {
    }

    /** The variables {@link KafkaClientSecurity} reads (the password ones as files, as the manifests set them). */
    static final Set<String> KAFKA_TLS_ENV = Set.of(KafkaClientSecurity.PROTOCOL_ENV,
            KafkaClientSecurity.TRUSTSTORE_LOCATION_ENV, KafkaClientSecurity.TRUSTSTORE_PASSWORD_ENV + KafkaClientSecurity.FILE_SUFFIX,
            KafkaClientSecurity.KEYSTORE_LOCATION_ENV, KafkaClientSecurity.KEYSTORE_PASSWORD_ENV + KafkaClientSecurity.FILE_SUFFIX);

    /**
     * {@code env} with the Kafka stores and password files (Strimzi's Secrets, only in the cluster)
     * replaced by stand-in files under {@code dir}, so the loaders that open them run here; where and
     * from which Secret the real files come is KafkaUsersTest's concern.
     */
    static Map<String, String> withKafkaStandIns(Map<String, String> env, Path dir) {
        Map<String, String> standIn = new LinkedHashMap<>(env);
        for (String name : KAFKA_TLS_ENV) {
            if (name.equals(KafkaClientSecurity.PROTOCOL_ENV) || !env.containsKey(name)) {
                continue;
            }
            try {
                Path file = dir.resolve("kafka-stand-in-" + name);
                Files.writeString(file, "stand-in for " + env.get(name));
                standIn.put(name, file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return standIn;
    }

    static Map<String, PodTemplateSpec> templates(List<Object> objects) {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        Manifests.all(objects, Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        Manifests.all(objects, Job.class).forEach(j -> templates.put(j.getMetadata().getName(), j.getSpec().getTemplate()));
        Manifests.all(objects, CronJob.class).forEach(c -> templates.put(c.getMetadata().getName(),
                c.getSpec().getJobTemplate().getSpec().getTemplate()));
        return templates;
    }

    static Container container(PodTemplateSpec template, String name) {
        return template.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    /** The container's environment; a Secret's value is only known in the cluster, so a stand-in shows the name is read. */
    static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue() != null ? var.getValue() : "from-secret-" + var.getValueFrom().getSecretKeyRef().getKey());
        }
        return env;
    }
}
