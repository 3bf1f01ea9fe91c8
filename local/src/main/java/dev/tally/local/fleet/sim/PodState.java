package dev.tally.local.fleet.sim;

/** A pod being simulated: its plan and one stepper per container. */
public final class PodState {

    private final PodPlan plan;
    private final ContainerStepper[] containers;
    private long nextInterval;
    /** Per-pod scratch space for renderers (e.g. cached label sets); the model never reads it. */
    public Object renderCache;

    PodState(PodPlan plan, int step, long firstInterval) {
        this.plan = plan;
        this.containers = new ContainerStepper[plan.containers().size()];
        for (int i = 0; i < containers.length; i++) {
            containers[i] = new ContainerStepper(plan, plan.containers().get(i), step);
        }
        this.nextInterval = firstInterval;
    }

    public PodPlan plan() {
        return plan;
    }

    public ContainerStepper[] containers() {
        return containers;
    }

    /** CPU of the pod's cgroup: every run of every container since the pod started (no reset on restarts). */
    public long podCpuNanos() {
        long sum = 0;
        for (ContainerStepper c : containers) {
            sum += c.lifetimeCpuNanos();
        }
        return sum;
    }

    long nextInterval() {
        return nextInterval;
    }

    void observe(long t) {
        for (ContainerStepper c : containers) {
            c.observe(t);
        }
    }

    void advance(long t, int step) {
        for (ContainerStepper c : containers) {
            c.advance(t);
        }
        nextInterval = t + step;
    }
}
