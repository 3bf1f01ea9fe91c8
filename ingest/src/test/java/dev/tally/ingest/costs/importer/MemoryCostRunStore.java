package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.run.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The run store in memory for the importer's tests: keeps every written state; the latest version per (scope, run) is the run's state. */
public final class MemoryCostRunStore implements CostRunStore {
    public final List<RunRecord> states = new ArrayList<>();
    public final List<ImportedLineItem> items = new ArrayList<>();

    @Override
    public Optional<RunRecord> latest(String scope, String runId) {
        return states.stream().filter(r -> r.scope().equals(scope) && r.runId().equals(runId))
                .max(Comparator.comparingLong(RunRecord::version));
    }

    @Override
    public Optional<RunRecord> currentComplete(String scope, String dataset, String period) {
        return runs().stream().filter(r -> r.status() == RunStatus.COMPLETE && r.scope().equals(scope)
                && r.dataset().equals(dataset) && r.billingPeriod().equals(period))
                .max(Comparator.comparing(RunRecord::producedAt));
    }

    @Override
    public void write(RunRecord run) {
        states.add(run);
    }

    @Override
    public void insert(List<ImportedLineItem> batch) {
        items.addAll(batch);
    }

    @Override
    public List<RunRecord> runs() {
        Map<String, RunRecord> latest = new HashMap<>();
        for (RunRecord r : states) {
            latest.merge(r.scope() + "|" + r.runId(), r, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return List.copyOf(latest.values());
    }
}
