package dev.tally.reports;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the report adds up while its rows are written: totals per currency and per team, counts, the policies seen. */
public final class ReportTotals {
    private final SortedMap<String, Amounts> byCurrency = new TreeMap<>();
    private final SortedMap<TeamCurrency, Amounts> byTeam = new TreeMap<>();
    private final SortedSet<String> policies = new TreeSet<>();
    private long rows;
    private long estimatedRows;

    /** A team's money in one currency. */
    public record TeamCurrency(String team, String currency) implements Comparable<TeamCurrency> {
        @Override
        public int compareTo(TeamCurrency o) {
            int c = team.compareTo(o.team);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    public void add(ChargebackRow row) {
        rows++;
        if (row.estimated()) {
            estimatedRows++;
        }
        byCurrency.merge(row.currency(), new Amounts(row.billedCost(), row.effectiveCost()),
                (a, b) -> a.plus(b.billed(), b.effective()));
        byTeam.merge(new TeamCurrency(row.team(), row.currency()), new Amounts(row.billedCost(), row.effectiveCost()),
                (a, b) -> a.plus(b.billed(), b.effective()));
        policies.add(row.policies());
    }

    public SortedMap<String, Amounts> byCurrency() {
        return Collections.unmodifiableSortedMap(byCurrency);
    }

    public SortedMap<TeamCurrency, Amounts> byTeam() {
        return Collections.unmodifiableSortedMap(byTeam);
    }

    public SortedSet<String> policies() {
        return Collections.unmodifiableSortedSet(policies);
    }

    public long rows() {
        return rows;
    }

    public long estimatedRows() {
        return estimatedRows;
    }
}
