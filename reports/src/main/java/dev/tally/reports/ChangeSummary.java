package dev.tally.reports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The change summary of a new version against the previous one, from the previous manifest's team totals. */
public final class ChangeSummary {
    private ChangeSummary() {
    }

    /** Team totals as the manifest lists them. */
    public static List<Manifest.TeamTotal> teamTotals(SortedMap<ReportTotals.TeamCurrency, Amounts> byTeam, Basis basis) {
        List<Manifest.TeamTotal> out = new ArrayList<>();
        byTeam.forEach((k, a) -> out.add(new Manifest.TeamTotal(k.team(), k.currency(),
                basis.billed() ? Amounts.plain(a.billed()) : null, basis.effective() ? Amounts.plain(a.effective()) : null)));
        return out;
    }

    /**
     * Every team × currency whose billed or effective total differs (a team new in this version has
     * 0 before; a team gone has 0 after). A basis only one of the two versions carries is left out.
     */
    public static Manifest.Changes between(Manifest previous, List<Manifest.TeamTotal> now, long rowsNow) {
        Map<ReportTotals.TeamCurrency, Manifest.TeamTotal> before = index(previous.teamTotals());
        Map<ReportTotals.TeamCurrency, Manifest.TeamTotal> after = index(now);
        TreeMap<ReportTotals.TeamCurrency, Boolean> keys = new TreeMap<>();
        before.keySet().forEach(k -> keys.put(k, true));
        after.keySet().forEach(k -> keys.put(k, true));
        List<Manifest.TeamChange> changes = new ArrayList<>();
        for (ReportTotals.TeamCurrency k : keys.keySet()) {
            Manifest.TeamTotal b = before.get(k);
            Manifest.TeamTotal a = after.get(k);
            String[] billed = diff(b == null ? null : b.billed(), a == null ? null : a.billed(), b == null, a == null);
            String[] effective = diff(b == null ? null : b.effective(), a == null ? null : a.effective(), b == null, a == null);
            if (billed != null && !billed[2].equals("0") || effective != null && !effective[2].equals("0")) {
                changes.add(new Manifest.TeamChange(k.team(), k.currency(),
                        billed == null ? null : billed[0], billed == null ? null : billed[1], billed == null ? null : billed[2],
                        effective == null ? null : effective[0], effective == null ? null : effective[1],
                        effective == null ? null : effective[2]));
            }
        }
        return new Manifest.Changes(previous.version(), previous.file(ChargebackReport.parquetName(previous.month())).sha256(),
                previous.rowCount(), rowsNow, previous.totals(), changes);
    }

    /** before, after, change; null when the basis is missing from a version that has the team. */
    private static String[] diff(String before, String after, boolean teamNew, boolean teamGone) {
        if (before == null && !teamNew || after == null && !teamGone) {
            return null;
        }
        BigDecimal b = before == null ? BigDecimal.ZERO : new BigDecimal(before);
        BigDecimal a = after == null ? BigDecimal.ZERO : new BigDecimal(after);
        return new String[]{Amounts.plain(b), Amounts.plain(a), Amounts.plain(a.subtract(b))};
    }

    private static Map<ReportTotals.TeamCurrency, Manifest.TeamTotal> index(List<Manifest.TeamTotal> totals) {
        Map<ReportTotals.TeamCurrency, Manifest.TeamTotal> out = new TreeMap<>();
        for (Manifest.TeamTotal t : totals) {
            out.put(new ReportTotals.TeamCurrency(t.team(), t.currency()), t);
        }
        return out;
    }
}
