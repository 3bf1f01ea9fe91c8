package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.ShapeContext;
import dev.tally.local.fleet.model.UsageShape;

/**
 * One container of one pod, stepped scrape interval by scrape interval from the pod's start.
 * Holds what cAdvisor and the kubelet would report (cumulative counters of the current run,
 * restart count, last termination) and what happened in the latest interval (for the ground
 * truth and for the logs).
 *
 * <p>Time semantics (the model's resolution is one scrape interval):
 * <ul>
 *   <li>a run started at {@code runStart} is visible at every tick {@code t >= runStart} until it stops;
 *       its CPU counter at {@code t} is the CPU it used over {@code [runStart, t)} — in integer
 *       core-nanoseconds, as the kernel counts it, so counter deltas are exact;</li>
 *   <li>a run stops right after a tick (pod deleted or completed after {@code lastRunTick}, or
 *       OOM-killed): it uses no CPU after its last visible tick, so nothing goes unobserved;</li>
 *   <li>after an OOM kill the kubelet restarts it after its back-off (10 s, doubling up to 300 s,
 *       reset once a run lasted 10 minutes); a run whose working set reaches the limit before its
 *       first scrape is killed unseen (an OOM loop at start-up: only restarts and the reason show).</li>
 * </ul>
 */
public final class ContainerStepper {

    public static final String OOM_KILLED = "OOMKilled";

    private static final long NANOS_PER_MILLICORE_SECOND = 1_000_000L;

    private final PodPlan pod;
    private final ContainerPlan plan;
    private final UsageShape shape;
    private final ShapeContext context;
    private final int cpuLimitMillis;
    private final long memoryLimitBytes;
    private final int step;

    // the current run, as of the latest tick
    private boolean running;
    private long runStart;
    private int runIndex = -1;
    private boolean startPending = true;
    private long pendingStart;
    private long runCpuNanos;
    private long lifetimeCpuNanos;
    private long runCfsPeriods;
    private long runCfsThrottledPeriods;
    private int backoffLevel;
    private String lastTerminationReason;
    private long workingSetAtTick;

    // the latest interval [intervalStart, intervalStart + step)
    private long intervalStart = Long.MIN_VALUE;
    private long segmentStart;
    private long segmentSeconds;
    private int segmentRun;
    private int intervalDemandMillis;
    private long intervalCpuNanos;
    private long intervalCfsPeriods;
    private long intervalCfsThrottledPeriods;
    private int intervalOomKills;
    private int intervalRestarts;

    ContainerStepper(PodPlan pod, ContainerPlan plan, int step) {
        this.pod = pod;
        this.plan = plan;
        this.shape = plan.spec().usage();
        this.context = new ShapeContext(plan.key(), step);
        this.cpuLimitMillis = plan.spec().limits().cpuMillis();
        this.memoryLimitBytes = plan.spec().limits().memoryBytes();
        this.step = step;
        this.pendingStart = pod.runStart();
    }

    /** Reads the working set of the visible run at tick {@code t} (call once per tick, before reporting). */
    void observe(long t) {
        workingSetAtTick = running ? shape.workingSetBytes(context, t, runStart) : 0;
    }

    /** Steps over the interval {@code [t, t + step)}; {@code t} is the tick just reported. */
    void advance(long t) {
        intervalStart = t;
        segmentSeconds = 0;
        intervalDemandMillis = 0;
        intervalCpuNanos = 0;
        intervalCfsPeriods = 0;
        intervalCfsThrottledPeriods = 0;
        intervalOomKills = 0;
        intervalRestarts = 0;
        long end = t + step;
        if (running) {
            if (t >= pod.lastRunTick()) {
                running = false;
                startPending = false;
            } else if (shape.oomKilledAfter(context, t, runStart, memoryLimitBytes)) {
                oomKill(t);
            }
        }
        while (!running && startPending && pendingStart <= end && pendingStart <= pod.lastRunTick()) {
            start(pendingStart);
            if (memoryLimitBytes > 0 && shape.workingSetBytes(context, end, runStart) >= memoryLimitBytes) {
                oomKill(runStart);
            }
        }
        if (running && runStart < end) {
            useCpu(t, Math.max(t, runStart), end);
        }
    }

    private void start(long at) {
        running = true;
        startPending = false;
        runIndex++;
        runStart = at;
        runCpuNanos = 0;
        runCfsPeriods = 0;
        runCfsThrottledPeriods = 0;
        if (runIndex > 0) {
            intervalRestarts++;
        }
    }

    private void oomKill(long at) {
        running = false;
        lastTerminationReason = OOM_KILLED;
        intervalOomKills++;
        if (at - runStart >= 600) {
            backoffLevel = 0;
        }
        long backoff = Math.min(300, 10L << Math.min(backoffLevel, 5));
        backoffLevel++;
        startPending = true;
        pendingStart = at + backoff;
    }

    private void useCpu(long t, long from, long end) {
        long seconds = end - from;
        int demand = shape.cpuDemandMillis(context, t);
        int used = cpuLimitMillis > 0 ? Math.min(demand, cpuLimitMillis) : demand;
        long nanos = (long) used * seconds * NANOS_PER_MILLICORE_SECOND;
        runCpuNanos += nanos;
        lifetimeCpuNanos += nanos;
        intervalDemandMillis = demand;
        intervalCpuNanos = nanos;
        segmentStart = from;
        segmentSeconds = seconds;
        segmentRun = runIndex;
        if (cpuLimitMillis > 0) {
            // CFS: 100 ms periods; a container is runnable in more of them the busier it is, and is
            // throttled in some once its demand nears the quota (bursts within the interval).
            double ratio = (double) demand / cpuLimitMillis;
            double activity = Math.min(1.0, 0.1 + 1.5 * ratio);
            long periods = (long) (seconds * 10 * activity);
            double throttledShare = Math.max(0.0, Math.min(1.0, (ratio - 0.75) * 2.0));
            long throttled = (long) (periods * throttledShare);
            runCfsPeriods += periods;
            runCfsThrottledPeriods += throttled;
            intervalCfsPeriods = periods;
            intervalCfsThrottledPeriods = throttled;
        }
    }

    // ---------------------------------------------------------------- state at the latest tick

    public ContainerPlan plan() {
        return plan;
    }

    public PodPlan pod() {
        return pod;
    }

    /** Whether a run of this container is up at the latest tick (cAdvisor reports it). */
    public boolean running() {
        return running;
    }

    public long runStart() {
        return runStart;
    }

    /** Index of the current (or last) run: 0 for the first; also the restart count. -1 before the first start. */
    public int runIndex() {
        return runIndex;
    }

    public int restarts() {
        return Math.max(0, runIndex);
    }

    /** CPU used by the current run so far, in core-nanoseconds (cAdvisor's counter ×1e9). */
    public long runCpuNanos() {
        return runCpuNanos;
    }

    /** CPU used by all runs of this container (what the pod's cgroup keeps counting across restarts). */
    public long lifetimeCpuNanos() {
        return lifetimeCpuNanos;
    }

    public long runCfsPeriods() {
        return runCfsPeriods;
    }

    public long runCfsThrottledPeriods() {
        return runCfsThrottledPeriods;
    }

    public long workingSetBytes() {
        return workingSetAtTick;
    }

    /** "OOMKilled" once any run was OOM-killed, else null. */
    public String lastTerminationReason() {
        return lastTerminationReason;
    }

    // ---------------------------------------------------------------- the latest interval

    public long intervalStart() {
        return intervalStart;
    }

    /** Seconds the container ran within the latest interval (0 if it did not run). */
    public long segmentSeconds() {
        return segmentSeconds;
    }

    public long segmentStart() {
        return segmentStart;
    }

    /** Run index of the latest interval's segment (its {@code restart_count}). */
    public int segmentRun() {
        return segmentRun;
    }

    public int intervalDemandMillis() {
        return intervalDemandMillis;
    }

    public long intervalCpuNanos() {
        return intervalCpuNanos;
    }

    public long intervalCfsPeriods() {
        return intervalCfsPeriods;
    }

    public long intervalCfsThrottledPeriods() {
        return intervalCfsThrottledPeriods;
    }

    public int intervalOomKills() {
        return intervalOomKills;
    }

    public int intervalRestarts() {
        return intervalRestarts;
    }
}
