package dev.tally.jobs.usage;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The usage job's entry for a Flink cluster in application mode (the Flink Kubernetes Operator's
 * {@code FlinkDeployment}, deploy/kustomize). Settings come from the environment, so passwords
 * come from a Secret and never appear in the job's arguments; checkpointing, state backend and
 * parallelism come from the cluster's Flink configuration.
 */
public final class UsageJobMain {
    public static final String ENV_KAFKA_BOOTSTRAP_SERVERS = "TALLY_KAFKA_BOOTSTRAP_SERVERS";
    /** {@code http[s]://host[:port][/database]}; user and password from {@value ClickHouseUrl#USER_ENV} and {@value ClickHouseUrl#PASSWORD_ENV}. */
    public static final String ENV_CLICKHOUSE_URL = "TALLY_CLICKHOUSE_URL";

    private UsageJobMain() {
    }

    /** What the job needs from its environment, checked before anything starts. */
    public record Settings(String kafkaBootstrapServers, ClickHouseUrl clickHouse) {

        public static Settings fromEnv(Map<String, String> env) {
            String bootstrap = required(env, ENV_KAFKA_BOOTSTRAP_SERVERS);
            return new Settings(bootstrap, ClickHouseUrl.parse(required(env, ENV_CLICKHOUSE_URL), env));
        }

        private static String required(Map<String, String> env, String name) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the usage job needs the environment variable " + name);
            }
            return value.strip();
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnv(System.getenv());
        UsageJob job = UsageJob.kafka(settings.kafkaBootstrapServers(), Topic.METRICS.topicName(), UsageJob.CONSUMER_GROUP,
                settings.clickHouse(), UsageSettings.defaults(), false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.addTo(env);
        env.execute(job.name());
    }
}
