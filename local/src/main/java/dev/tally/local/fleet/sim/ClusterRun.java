package dev.tally.local.fleet.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Steps one cluster over the ticks of {@code [from, to)}. At each tick {@code t}:
 * pods whose activity begins are activated (and silently stepped up from their own start,
 * however long ago, so their counters are right); observers see the state at {@code t};
 * every pod steps over {@code [t, t + step)}; observers see that interval's outcome.
 */
public final class ClusterRun {

    /** Receives each tick's state, then the outcome of the interval that starts at it. */
    public interface Observer {
        void atTick(long t, ClusterRun state);

        void afterInterval(long t, ClusterRun state);
    }

    private final ClusterTimeline timeline;
    private final long from;
    private final long to;
    private final int step;
    private final List<NodePlan> nodePlans;
    private final List<OwnerPlan> ownerPlans;
    private final Deque<PodPlan> pending;
    private final List<PodState> active = new ArrayList<>();
    private final List<NodePlan> visibleNodes = new ArrayList<>();
    private final List<OwnerPlan> visibleOwners = new ArrayList<>();
    private long tick;
    private long nextTick;

    public ClusterRun(ClusterTimeline timeline, long from, long to) {
        this.timeline = timeline;
        this.step = timeline.clock().step();
        this.from = timeline.clock().ceilTick(from);
        this.to = to;
        this.nodePlans = timeline.nodesOverlapping(this.from, to);
        this.ownerPlans = timeline.ownersOverlapping(this.from, to);
        List<PodPlan> pods = new ArrayList<>(timeline.podsOverlapping(this.from, to));
        Clock clock = timeline.clock();
        pods.sort((a, b) -> Long.compare(a.activationTick(clock), b.activationTick(clock)));
        this.pending = new ArrayDeque<>(pods);
        this.nextTick = this.from;
    }

    /** Steps every remaining tick. */
    public void run(Observer observer) {
        while (hasNext()) {
            next(observer);
        }
    }

    public boolean hasNext() {
        return nextTick < to;
    }

    /** Steps one tick: activate, report the state, advance one interval, report its outcome. */
    public void next(Observer observer) {
        tick = nextTick;
        nextTick += step;
        activatePods(timeline.clock());
        visibleNodes.clear();
        for (NodePlan n : nodePlans) {
            if (n.visibleAt(tick)) {
                visibleNodes.add(n);
            }
        }
        visibleOwners.clear();
        for (OwnerPlan o : ownerPlans) {
            if (o.visibleAt(tick)) {
                visibleOwners.add(o);
            }
        }
        for (PodState p : active) {
            p.observe(tick);
        }
        observer.atTick(tick, this);
        for (PodState p : active) {
            p.advance(tick, step);
        }
        observer.afterInterval(tick, this);
        retirePods();
    }

    private void activatePods(Clock clock) {
        boolean added = false;
        while (!pending.isEmpty() && pending.peekFirst().activationTick(clock) <= tick) {
            PodPlan plan = pending.pollFirst();
            PodState state = new PodState(plan, step, plan.activationTick(clock));
            // Warm-up: step from the pod's own start, so counters and restarts do not depend on `from`.
            while (state.nextInterval() < tick) {
                state.advance(state.nextInterval(), step);
            }
            active.add(state);
            added = true;
        }
        if (added) {
            // One fixed order (namespace, workload, creation, name), whatever range is rendered.
            active.sort((a, b) -> {
                PodPlan x = a.plan();
                PodPlan y = b.plan();
                int c = Integer.compare(x.namespaceIndex(), y.namespaceIndex());
                if (c == 0) {
                    c = Integer.compare(x.workloadIndex(), y.workloadIndex());
                }
                if (c == 0) {
                    c = Long.compare(x.created(), y.created());
                }
                return c != 0 ? c : x.name().compareTo(y.name());
            });
        }
    }

    private void retirePods() {
        long next = tick + step;
        active.removeIf(p -> p.plan().deleted() <= next && p.plan().lastRunTick() <= tick);
    }

    public ClusterTimeline timeline() {
        return timeline;
    }

    public long tick() {
        return tick;
    }

    public int step() {
        return step;
    }

    /** Nodes kube-state-metrics and the kubelets report at the current tick. */
    public List<NodePlan> visibleNodes() {
        return visibleNodes;
    }

    /** All nodes whose VM exists at some point of the run (for billing-time truth). */
    public List<NodePlan> nodePlans() {
        return nodePlans;
    }

    /** Pods being stepped (some may not be visible at the current tick: check {@link PodPlan#visibleAt}). */
    public List<PodState> pods() {
        return active;
    }

    public List<OwnerPlan> visibleOwners() {
        return visibleOwners;
    }
}
