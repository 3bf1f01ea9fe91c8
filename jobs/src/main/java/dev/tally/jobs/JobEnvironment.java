package dev.tally.jobs;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.jobs.clickhouse.ClickHouseRetry;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every job's application-mode entry ({@code *JobMain}, one Flink cluster per job, the
 * {@code FlinkDeployment}s in deploy/kustomize) needs from its environment, checked before anything
 * starts. From the environment, so passwords come from a Secret and never appear in the job's
 * arguments; checkpointing, state backend and parallelism come from the cluster's Flink configuration.
 *
 * @param kafka                 {@value #KAFKA_BOOTSTRAP_SERVERS} and the client security of
 *                              {@link KafkaClientSecurity#fromEnv} ({@value KafkaClientSecurity#PROTOCOL_ENV}, TLS stores)
 * @param clickHouse            {@value #CLICKHOUSE_URL}: {@code http[s]://host[:port][/database]}; user and
 *                              password from {@value ClickHouseUrl#USER_ENV} and {@value ClickHouseUrl#PASSWORD_ENV}
 * @param clickHouseRetry       how long the ClickHouse sinks retry during an outage before the job fails
 *                              ({@link ClickHouseRetry#fromEnv}: {@value ClickHouseRetry#FIRST_BACKOFF_ENV},
 *                              {@value ClickHouseRetry#MAX_BACKOFF_ENV}, {@value ClickHouseRetry#OUTAGE_BUDGET_ENV})
 */
public record JobEnvironment(KafkaConnection kafka, ClickHouseUrl clickHouse, ClickHouseRetry clickHouseRetry) {
    public static final String KAFKA_BOOTSTRAP_SERVERS = KafkaConnection.BOOTSTRAP_SERVERS_ENV;
    public static final String CLICKHOUSE_URL = "TALLY_CLICKHOUSE_URL";

    /** {@code job} names the job in the error when a variable is missing. */
    public static JobEnvironment fromEnv(String job, Map<String, String> env) {
        String bootstrap = required(job, env, KAFKA_BOOTSTRAP_SERVERS);
        KafkaClientSecurity security;
        try {
            security = KafkaClientSecurity.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + job + " job's Kafka security: " + e.getMessage(), e);
        }
        ClickHouseRetry retry;
        try {
            retry = ClickHouseRetry.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + job + " job's ClickHouse retries: " + e.getMessage(), e);
        }
        return new JobEnvironment(new KafkaConnection(bootstrap, security),
                ClickHouseUrl.parse(required(job, env, CLICKHOUSE_URL), env), retry);
    }

    /** The ClickHouse sinks' settings: this environment's server and retries, the default batch size. */
    public ClickHouseSinkSettings clickHouseSink() {
        return ClickHouseSinkSettings.of(clickHouse).withRetry(clickHouseRetry);
    }

    private static String required(String job, Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + job + " job needs the environment variable " + name);
        }
        return value.strip();
    }

    /** Builds the job into the cluster's environment (its configuration: parallelism, checkpoints) and runs it. */
    public static void execute(String jobName, Consumer<StreamExecutionEnvironment> addTo) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        addTo.accept(env);
        env.execute(jobName);
    }
}
