package dev.tally.local.flink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster for the one-machine stack: one task manager in this JVM, the Web UI on
 * a fixed port, checkpoints in a local folder that outlives the process, and jobs that resume
 * from their newest retained checkpoint or savepoint when the stack starts again.
 */
public final class LocalFlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFlink.class);
    /** Under a job's folder, where {@link #stopWithSavepoint} puts its savepoints. */
    public static final String SAVEPOINTS = "savepoints";

    private final LocalFlinkConfig config;
    private final MiniCluster cluster;
    private final URI webUi;

    private LocalFlink(LocalFlinkConfig config, MiniCluster cluster, URI webUi) {
        this.config = config;
        this.cluster = cluster;
        this.webUi = webUi;
    }

    public static LocalFlink start(LocalFlinkConfig config) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, config.webUiPort());
        // a laptop-sized task manager: small network memory, managed memory as configured
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, config.managedMemory());
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.taskSlots())
                .build());
        try {
            cluster.start();
            URI webUi = cluster.getRestAddress().get(60, TimeUnit.SECONDS);
            return new LocalFlink(config, cluster, webUi);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new LocalFlinkException(startFailure(config, e), e);
        }
    }

    /** The Flink Web UI (and REST API), e.g. {@code http://127.0.0.1:8081}. */
    public URI webUi() {
        return webUi;
    }

    public int webUiPort() {
        return webUi.getPort();
    }

    /**
     * An environment whose jobs run on this cluster, checkpointing into {@code <checkpointDir>/<name>}
     * and restoring from the newest retained checkpoint or savepoint there ({@link #newestRestorePoint}), if any.
     */
    public StreamExecutionEnvironment environment(String jobName, int parallelism) {
        Path dir = jobDir(jobName);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        // As deployed: a job that failed (e.g. ClickHouse down past the sinks' outage budget) restarts
        // from its checkpoint with growing pauses, never giving up for good; a job that then ran an
        // hour without failing starts again from the shortest pause.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofHours(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        newestRestorePoint(dir).ifPresent(point -> {
            LOG.info("event=flink_restore job=\"{}\" from={}", jobName, point);
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, point.toUri().toString());
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                webUi.getHost(), webUi.getPort(), conf);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * Stops a job with a savepoint in {@code <checkpointDir>/<name>/savepoints}, without draining
     * (event time does not jump to the end: open hours and days stay open in the savepoint), so that
     * the job started next under the same name, e.g. an upgraded build, resumes from it.
     *
     * @return the savepoint's folder
     */
    public Path stopWithSavepoint(String jobName, JobClient job) {
        Path savepoints = jobDir(jobName).resolve(SAVEPOINTS);
        try {
            String path = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            LOG.info("event=flink_savepoint job=\"{}\" path={}", jobName, path);
            return Path.of(URI.create(path));
        } catch (Exception e) {
            throw new LocalFlinkException("could not stop job \"" + jobName + "\" with a savepoint in " + savepoints + ": "
                    + e.getMessage(), e);
        }
    }

    private Path jobDir(String jobName) {
        return config.checkpointDir().resolve(jobName.replaceAll("[^A-Za-z0-9_-]", "-"));
    }

    /** Cancels a running job, keeping its newest checkpoint for the next start. */
    public void cancel(JobID job) {
        try {
            cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("event=flink_cancel_failed job={} error=\"{}\"", job, e.getMessage());
        }
    }

    /**
     * The newest completed checkpoint ({@code chk-N} holding {@code _metadata}) or savepoint
     * ({@code savepoints/savepoint-…} holding {@code _metadata}) under a job's folder: a job stopped
     * with a savepoint resumes from it, a job that was cancelled or killed from its last checkpoint.
     * A checkpoint's {@code _metadata} is written last, once all its state is, and on a local folder
     * Flink writes it to a temporary file and renames it into place: a checkpoint a killed stack left
     * half-written has none and is never chosen.
     */
    static Optional<Path> newestRestorePoint(Path jobDir) {
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(jobDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-")
                            || p.getFileName().toString().startsWith("savepoint-"))
                    .max(Comparator.comparingLong(LocalFlink::lastModified));
        } catch (IOException e) {
            LOG.warn("event=flink_checkpoint_scan_failed dir={} error=\"{}\"", jobDir, e.getMessage());
            return Optional.empty();
        }
    }

    private static long lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String startFailure(LocalFlinkConfig config, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return "port " + config.webUiPort() + " (Flink Web UI) is already in use: stop what holds it or pass --flink-port";
            }
        }
        return "Flink MiniCluster did not start: " + e.getMessage();
    }

    /**
     * Cancels the running jobs (their checkpoints are retained), then stops the cluster. A
     * cluster closed while a job is still deploying can take minutes to settle; since it lives
     * in this JVM, waiting is bounded and the stack goes on stopping its other parts.
     */
    @Override
    public void close() {
        try {
            for (var job : cluster.listJobs().get(10, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    cluster.cancelJob(job.getJobId());
                }
            }
        } catch (Exception e) {
            LOG.warn("event=flink_cancel_failed error=\"{}\"", e.getMessage());
        }
        closeQuietly(cluster);
    }

    private static void closeQuietly(MiniCluster cluster) {
        try {
            cluster.closeAsync().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("event=flink_stop_failed error=\"{}\"", e.getMessage());
        }
    }
}
