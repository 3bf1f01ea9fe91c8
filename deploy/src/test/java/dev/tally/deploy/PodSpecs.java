package dev.tally.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod templates of Tally's own workloads (Deployments, Jobs, CronJobs) in a rendered overlay, by workload name. */
final class PodSpecs {
    private PodSpecs() {
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
