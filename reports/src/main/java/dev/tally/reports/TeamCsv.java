package dev.tally.reports;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The per-team summary beside the Parquet, for spreadsheets: one line per team and currency. */
public final class TeamCsv {
    private TeamCsv() {
    }

    public static byte[] render(List<Manifest.TeamTotal> totals, Basis basis) {
        StringBuilder sb = new StringBuilder("Team,BillingCurrency");
        if (basis.billed()) {
            sb.append(",BilledCost");
        }
        if (basis.effective()) {
            sb.append(",EffectiveCost");
        }
        sb.append("\r\n");
        for (Manifest.TeamTotal t : totals) {
            sb.append(quote(t.team())).append(',').append(quote(t.currency()));
            if (basis.billed()) {
                sb.append(',').append(t.billed());
            }
            if (basis.effective()) {
                sb.append(',').append(t.effective());
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 4180; a leading = + - @ is prefixed with ' so a spreadsheet never runs a team name as a formula. */
    static String quote(String value) {
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
