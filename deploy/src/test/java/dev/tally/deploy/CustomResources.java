package dev.tally.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * Typed models of the custom resources Tally deploys, with the fields of the operators' CRD
 * reference (Strimzi 0.49 {@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic}, {@code KafkaUser} v1beta2, the fields used here; Flink Kubernetes Operator
 * {@code FlinkDeployment} v1beta1; Prometheus Operator {@code PrometheusRule}, {@code ServiceMonitor} v1). The operators'
 * own Java models are not used: the Flink operator's API jar is not served by the registry this
 * project builds from, and Strimzi's keeps unknown fields instead of rejecting them. Parsed with
 * unknown fields rejected, so a misspelt field fails the test instead of being dropped by the API server.
 */
final class CustomResources {
    private CustomResources() {
    }

    record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, KafkaTopicSpec spec) {
    }

    record KafkaTopicSpec(String topicName, Integer partitions, Integer replicas, Map<String, String> config) {
    }

    record Kafka(String apiVersion, String kind, ObjectMeta metadata, KafkaSpec spec) {
    }

    record KafkaSpec(KafkaClusterSpec kafka, EntityOperatorSpec entityOperator, KafkaExporterSpec kafkaExporter) {
    }

    record KafkaExporterSpec(String topicRegex, String groupRegex, String topicExcludeRegex, String groupExcludeRegex,
                             ResourceRequirements resources, String logging, Boolean enableSaramaLogging) {
    }

    record KafkaClusterSpec(String version, String metadataVersion, List<GenericKafkaListener> listeners,
                            KafkaAuthorization authorization, Map<String, Object> config, ResourceRequirements resources) {
    }

    record GenericKafkaListener(String name, Integer port, String type, Boolean tls, KafkaListenerAuthentication authentication) {
    }

    record EntityOperatorSpec(OperatorSpec topicOperator, OperatorSpec userOperator) {
    }

    record OperatorSpec(String watchedNamespace, Integer reconciliationIntervalMs, ResourceRequirements resources) {
    }

    /** Strimzi's KafkaUser v1beta2: mutual TLS, simple authorization with ACLs. */
    record KafkaUser(String apiVersion, String kind, ObjectMeta metadata, KafkaUserSpec spec) {
    }

    record KafkaUserSpec(KafkaUserAuthentication authentication, KafkaUserAuthorization authorization, Map<String, Object> quotas) {
    }

    enum KafkaUserAuthenticationType { @JsonProperty("tls") TLS, @JsonProperty("tls-external") TLS_EXTERNAL,
        @JsonProperty("scram-sha-512") SCRAM_SHA_512 }

    record KafkaUserAuthentication(KafkaUserAuthenticationType type) {
    }

    record KafkaUserAuthorization(String type, List<AclRule> acls) {
    }

    enum AclResourceType { @JsonProperty("topic") TOPIC, @JsonProperty("group") GROUP, @JsonProperty("cluster") CLUSTER,
        @JsonProperty("transactionalId") TRANSACTIONAL_ID }

    enum AclPatternType { @JsonProperty("literal") LITERAL, @JsonProperty("prefix") PREFIX }

    enum AclOperation { Read, Write, Create, Delete, Alter, Describe, ClusterAction, AlterConfigs, DescribeConfigs, IdempotentWrite, All }

    enum AclRuleType { @JsonProperty("allow") ALLOW, @JsonProperty("deny") DENY }

    record AclRule(AclResource resource, AclRuleType type, List<AclOperation> operations, String host) {
    }

    record AclResource(AclResourceType type, String name, AclPatternType patternType) {
    }

    record KafkaListenerAuthentication(String type) {
    }

    record KafkaAuthorization(String type, List<String> superUsers) {
    }

    /** Altinity clickhouse-operator's ClickHouseInstallation v1 (the fields used here). */
    record ClickHouseInstallation(String apiVersion, String kind, ObjectMeta metadata, ClickHouseSpec spec) {
    }

    record ClickHouseSpec(ClickHouseDefaults defaults, ClickHouseConfiguration configuration, ClickHouseTemplates templates,
                          String stop, String troubleshoot) {
    }

    record ClickHouseDefaults(Boolean replicasUseFQDN, TemplateNames templates) {
    }

    record TemplateNames(String podTemplate, String dataVolumeClaimTemplate, String logVolumeClaimTemplate,
                         String serviceTemplate, String clusterServiceTemplate) {
    }

    record ClickHouseConfiguration(ZooKeeper zookeeper, Map<String, Object> users, Map<String, Object> profiles,
                                   Map<String, Object> quotas, Map<String, Object> settings, Map<String, Object> files,
                                   List<ClickHouseCluster> clusters) {
    }

    record ZooKeeper(List<ZooKeeperNode> nodes, @JsonProperty("session_timeout_ms") Integer sessionTimeoutMs,
                     @JsonProperty("operation_timeout_ms") Integer operationTimeoutMs, String root) {
    }

    record ZooKeeperNode(String host, Integer port, Boolean secure) {
    }

    record ClickHouseCluster(String name, ClickHouseLayout layout, TemplateNames templates) {
    }

    record ClickHouseLayout(Integer shardsCount, Integer replicasCount) {
    }

    record ClickHouseTemplates(List<ClickHousePodTemplate> podTemplates, List<VolumeClaimTemplate> volumeClaimTemplates,
                               List<Map<String, Object>> serviceTemplates) {
    }

    record ClickHousePodTemplate(String name, ObjectMeta metadata, PodSpec spec) {
    }

    enum ReclaimPolicy { Retain, Delete }

    record VolumeClaimTemplate(String name, ReclaimPolicy reclaimPolicy, ObjectMeta metadata, PersistentVolumeClaimSpec spec) {
    }

    /** Altinity's ClickHouseKeeperInstallation v1 (the fields used here). */
    record ClickHouseKeeperInstallation(String apiVersion, String kind, ObjectMeta metadata, KeeperSpec spec) {
    }

    record KeeperSpec(ClickHouseDefaults defaults, KeeperConfiguration configuration, ClickHouseTemplates templates) {
    }

    record KeeperConfiguration(Map<String, Object> settings, List<ClickHouseCluster> clusters) {
    }

    record KafkaNodePool(String apiVersion, String kind, ObjectMeta metadata, KafkaNodePoolSpec spec) {
    }

    enum ProcessRole { @JsonProperty("controller") CONTROLLER, @JsonProperty("broker") BROKER }

    record KafkaNodePoolSpec(Integer replicas, List<ProcessRole> roles, Storage storage, ResourceRequirements resources) {
    }

    record Storage(String type, List<Volume> volumes) {
    }

    record Volume(Integer id, String type, String size, Boolean deleteClaim, String kraftMetadata,
                  @JsonProperty("class") String storageClass) {
    }

    record FlinkDeployment(String apiVersion, String kind, ObjectMeta metadata, FlinkDeploymentSpec spec) {
    }

    enum FlinkVersion { v1_18, v1_19, v1_20, v2_0, v2_1, v2_2 }

    enum KubernetesDeploymentMode { @JsonProperty("native") NATIVE, @JsonProperty("standalone") STANDALONE }

    record FlinkDeploymentSpec(JobSpec job, Long restartNonce, Map<String, String> flinkConfiguration, String image,
                               String imagePullPolicy, String serviceAccount, FlinkVersion flinkVersion,
                               Map<String, Object> ingress, Pod podTemplate, JobManagerSpec jobManager,
                               TaskManagerSpec taskManager, Map<String, String> logConfiguration,
                               KubernetesDeploymentMode mode) {
    }

    enum UpgradeMode { @JsonProperty("stateless") STATELESS, @JsonProperty("savepoint") SAVEPOINT, @JsonProperty("last-state") LAST_STATE }

    enum JobState { @JsonProperty("running") RUNNING, @JsonProperty("suspended") SUSPENDED }

    record JobSpec(String jarURI, Integer parallelism, String entryClass, List<String> args, JobState state,
                   Long savepointTriggerNonce, String initialSavepointPath, Long checkpointTriggerNonce,
                   UpgradeMode upgradeMode, Boolean allowNonRestoredState, Long savepointRedeployNonce,
                   Long autoscalerResetNonce) {
    }

    record Resource(Double cpu, String memory, String ephemeralStorage) {
    }

    record JobManagerSpec(Resource resource, Integer replicas, Pod podTemplate) {
    }

    record TaskManagerSpec(Resource resource, Integer replicas, Pod podTemplate) {
    }

    record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, ServiceMonitorSpec spec) {
    }

    record ServiceMonitorSpec(LabelSelector selector, List<ScrapeEndpoint> endpoints, String jobLabel,
                              Map<String, List<String>> namespaceSelector) {
    }

    record ScrapeEndpoint(String port, String path, String interval, String scrapeTimeout, String scheme,
                          Boolean honorLabels) {
    }

    record PodMonitor(String apiVersion, String kind, ObjectMeta metadata, PodMonitorSpec spec) {
    }

    record PodMonitorSpec(LabelSelector selector, List<PodMetricsEndpoint> podMetricsEndpoints, String jobLabel,
                          Map<String, Object> namespaceSelector) {
    }

    record PodMetricsEndpoint(String port, String path, String interval, String scrapeTimeout, String scheme,
                              List<RelabelConfig> relabelings, List<RelabelConfig> metricRelabelings) {
    }

    record RelabelConfig(List<String> sourceLabels, String separator, String targetLabel, String regex,
                         String replacement, String action, Long modulus) {
    }

    record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, PrometheusRuleSpec spec) {
    }

    record PrometheusRuleSpec(List<RuleGroup> groups) {
    }

    record RuleGroup(String name, String interval, Integer limit, @JsonProperty("query_offset") String queryOffset,
                     @JsonProperty("partial_response_strategy") String partialResponseStrategy,
                     Map<String, String> labels, List<Rule> rules) {
    }

    record Rule(String record, String alert, String expr, @JsonProperty("for") String forDuration,
                @JsonProperty("keep_firing_for") String keepFiringFor, Map<String, String> labels,
                Map<String, String> annotations) {
    }
}
