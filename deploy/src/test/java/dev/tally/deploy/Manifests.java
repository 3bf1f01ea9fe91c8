package dev.tally.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests into typed models: fabric8's for Kubernetes' own kinds, {@link CustomResources}
 * for the operators'. Unknown fields are errors: Jackson rejects them for the records, and for fabric8's
 * models (which keep them in {@code additionalProperties}) the parsed tree is walked and any kept field
 * reported with its path. An apiVersion/kind not listed here is an error too.
 */
final class Manifests {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", CustomResources.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", CustomResources.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", CustomResources.KafkaUser.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", CustomResources.KafkaNodePool.class),
            Map.entry("flink.apache.org/v1beta1/FlinkDeployment", CustomResources.FlinkDeployment.class),
            Map.entry("clickhouse.altinity.com/v1/ClickHouseInstallation", CustomResources.ClickHouseInstallation.class),
            Map.entry("clickhouse-keeper.altinity.com/v1/ClickHouseKeeperInstallation", CustomResources.ClickHouseKeeperInstallation.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", CustomResources.PrometheusRule.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", CustomResources.PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", CustomResources.ServiceMonitor.class));

    private Manifests() {
    }

    /** Every object of a multi-document YAML stream, typed; throws naming the object and field on the first problem. */
    static List<Object> parse(String yaml) {
        List<Object> objects = new ArrayList<>();
        try {
            for (JsonNode node : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                objects.add(parse(node));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    static Object parse(JsonNode node) {
        String type = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        String name = type + " " + node.path("metadata").path("name").asText();
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new IllegalArgumentException(name + ": no typed model for " + type + " (known: " + MODELS.keySet() + ")");
        }
        Object typed;
        try {
            typed = YAML.treeToValue(node, model);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": " + e.getOriginalMessage() + " at " + e.getLocation(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(typed, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name + ": unknown field(s) " + unknown);
        }
        return typed;
    }

    static <T> List<T> all(List<Object> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T only(List<Object> objects, Class<T> type) {
        List<T> found = all(objects, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /**
     * The object of {@code type} named {@code name}, or {@code name-<hash>} as kustomize names generated
     * ConfigMaps and Secrets.
     */
    static <T> T named(List<Object> objects, Class<T> type, String name) {
        List<T> found = all(objects, type).stream()
                .filter(o -> nameOf(o).equals(name) || nameOf(o).matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}"))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    static String nameOf(Object object) {
        if (object instanceof io.fabric8.kubernetes.api.model.HasMetadata k8s) {
            return k8s.getMetadata().getName();
        }
        try {
            Object meta = object.getClass().getMethod("metadata").invoke(object);
            return ((io.fabric8.kubernetes.api.model.ObjectMeta) meta).getName();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(object.getClass() + " has no metadata", e);
        }
    }

    /** fabric8's models keep unknown fields in additionalProperties: walk every nested model and report them. */
    private static void collectUnknown(Object value, String path, List<String> unknown) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknown(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> collectUnknown(v, path + "." + key, unknown));
            return;
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                collectUnknown(invoke(component.getAccessor(), value), path + "." + component.getName(), unknown);
            }
            return;
        }
        if (!type.getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : type.getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String method = getter.getName();
            if (method.equals("getAdditionalProperties")) {
                Object extra = invoke(getter, value);
                if (extra instanceof Map<?, ?> fields) {
                    fields.keySet().forEach(field -> unknown.add(path + "." + field));
                }
            } else if (method.startsWith("get") && method.length() > 3) {
                String field = Character.toLowerCase(method.charAt(3)) + method.substring(4);
                collectUnknown(invoke(getter, value), path + "." + field, unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            getter.setAccessible(true);
            return getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + getter + ": " + e.getMessage(), e);
        }
    }
}
