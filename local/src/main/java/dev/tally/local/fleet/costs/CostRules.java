package dev.tally.local.fleet.costs;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How the simulated export meters usage; the export and the expected costs both price through
 * these rules, from two different views of the model (the node timeline, the ground truth).
 * <ul>
 *   <li>VMs: hours the VM existed in the day (seconds / 3600, 6 decimals, half-up: Azure meters
 *       VMs to the second but exports few decimals); cost = hours × price, exact.</li>
 *   <li>Disks: metered per started hour, each hour 0.001389 of a month (what Azure's exports
 *       show: 0.033336 "1/Month" for a whole day); cost = quantity × monthly price.</li>
 *   <li>Load balancer, public IPs, uptime SLA: per started hour since the cluster was created.</li>
 * </ul>
 */
public final class CostRules {
    /** One hour of a disk, in months: 24 of them are the 0.033336 a whole day shows in real exports. */
    public static final BigDecimal DISK_MONTHS_PER_HOUR = new BigDecimal("0.001389");
    public static final long HOUR = 3600;
    public static final long DAY = 86_400;

    private CostRules() {
    }

    /** Hours of {@code seconds}, to 6 decimals (half-up). */
    public static BigDecimal hours(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(HOUR), 6, RoundingMode.HALF_UP);
    }

    /** Seconds of {@code [start, end)} within {@code [from, to)}. */
    public static long secondsWithin(long start, long end, long from, long to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }

    /** Clock hours of {@code [from, to)} (both whole hours) that {@code [start, end)} touches. */
    public static int hoursStarted(long start, long end, long from, long to) {
        int n = 0;
        for (long h = from; h < to; h += HOUR) {
            if (secondsWithin(start, end, h, h + HOUR) > 0) {
                n++;
            }
        }
        return n;
    }

    /** A disk's quantity for {@code hours} started hours, in months. */
    public static BigDecimal diskMonths(int hours) {
        return DISK_MONTHS_PER_HOUR.multiply(BigDecimal.valueOf(hours));
    }
}
