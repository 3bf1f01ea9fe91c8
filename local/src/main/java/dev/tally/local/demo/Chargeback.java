package dev.tally.local.demo;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The demo's last table: what each team is charged ({@code cost_allocation_daily_latest}, the
 * demo's days), per currency, next to the simulated invoice (the fleet's cost export of those days).
 *
 * @param byTeam  team → currency → {billed, effective}
 * @param invoice currency → {billed, effective}
 */
public record Chargeback(Map<String, Map<String, BigDecimal[]>> byTeam, Map<String, BigDecimal[]> invoice) {

    /** Per currency, the teams' total. */
    public Map<String, BigDecimal[]> total() {
        Map<String, BigDecimal[]> total = new TreeMap<>();
        byTeam.values().forEach(byCurrency -> byCurrency.forEach((currency, v) -> {
            BigDecimal[] t = total.computeIfAbsent(currency, c -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            t[0] = t[0].add(v[0]);
            t[1] = t[1].add(v[1]);
        }));
        return total;
    }

    /** The teams' totals equal the invoice, per currency, billed and effective, exactly. */
    public boolean reconciles() {
        Map<String, BigDecimal[]> total = total();
        if (invoice.isEmpty() || !total.keySet().equals(invoice.keySet())) {
            return false;
        }
        return invoice.entrySet().stream().allMatch(e -> total.get(e.getKey())[0].compareTo(e.getValue()[0]) == 0
                && total.get(e.getKey())[1].compareTo(e.getValue()[1]) == 0);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Chargeback per team (cost_allocation_daily_latest), next to the simulated invoice");
        out.printf("  %-48s %-8s %16s %16s%n", "team", "currency", "billed", "effective");
        for (Map.Entry<String, Map<String, BigDecimal[]>> team : new TreeMap<>(byTeam).entrySet()) {
            String label = team.getKey().equals("unowned") ? "unowned (idle, shared, unallocated, unclaimed)" : team.getKey();
            team.getValue().forEach((currency, v) -> out.printf("  %-48s %-8s %16s %16s%n", label, currency, money(v[0]), money(v[1])));
        }
        Map<String, BigDecimal[]> total = total();
        for (String currency : new TreeSet<>(invoice.keySet())) {
            BigDecimal[] t = total.getOrDefault(currency, new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            BigDecimal[] i = invoice.get(currency);
            out.printf("  %-48s %-8s %16s %16s%n", "all teams", currency, money(t[0]), money(t[1]));
            out.printf("  %-48s %-8s %16s %16s  %s%n", "simulated invoice (the fleet's cost export)", currency, money(i[0]),
                    money(i[1]), t[0].compareTo(i[0]) == 0 && t[1].compareTo(i[1]) == 0 ? "equal" : "DIFFERENT");
        }
        out.println(reconciles() ? "The teams' charges reconcile to the simulated invoice exactly, billed and effective."
                : "The teams' charges do not reconcile to the simulated invoice.");
    }

    private static String money(BigDecimal v) {
        return String.format("%,.2f", v);
    }
}
