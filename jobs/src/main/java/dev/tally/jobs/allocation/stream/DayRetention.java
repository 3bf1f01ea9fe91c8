package dev.tally.jobs.allocation.stream;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long the allocation job keeps a cluster-day: until {@code keepAfterMonth} after the end of
 * the day's calendar month, on the job's clock, the event time of its inputs (a row's UTC day;
 * watermarks, so the slowest input holds it back), never wall-clock time: a replay of old data
 * expires nothing it would not have expired the first time. A billing period's run directory is
 * kept as long as the period's last day. Rows for an expired day are dead letters saying so.
 */
public record DayRetention(Duration keepAfterMonth) implements Serializable {
    /** A day in the future moves the job's clock at most this far past wall-clock time: a bad clock cannot expire everything. */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** When the day's state goes: the first instant of the next month plus {@code keepAfterMonth}. */
    public long expiresAtMillis(LocalDate day) {
        return day.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC).plus(keepAfterMonth).toEpochMilli();
    }

    /** The same for a key's ISO day ({@code 2026-01-30}), read without a formatter: it runs for every row. */
    public long expiresAtMillis(String isoDay) {
        return expiresAtMillis(day(isoDay));
    }

    /** The end of a key's ISO day: the job's clock has passed the day when it reaches this. */
    static long endMillis(String isoDay) {
        return (day(isoDay).toEpochDay() + 1) * 86_400_000L;
    }

    /** The event time of a row of {@code day}: its start, but never more than a day past {@code nowMillis}. */
    static long eventMillis(String isoDay, long nowMillis) {
        return Math.min(day(isoDay).toEpochDay() * 86_400_000L, nowMillis + FUTURE_TOLERANCE.toMillis());
    }

    /** An ISO day {@code yyyy-MM-dd} (what the reader writes), else whatever {@link LocalDate#parse} reads. */
    static LocalDate day(String iso) {
        if (iso.length() == 10 && iso.charAt(4) == '-' && iso.charAt(7) == '-') {
            try {
                return LocalDate.of(Integer.parseInt(iso, 0, 4, 10), Integer.parseInt(iso, 5, 7, 10),
                        Integer.parseInt(iso, 8, 10, 10));
            } catch (RuntimeException e) {
                // not digits: the formatter says why
            }
        }
        return LocalDate.parse(iso);
    }

    /** The dead letter's reason for a row of an expired cluster-day. */
    public String expiredReason(String cluster, LocalDate day, long clockMillis) {
        return "cluster-day " + (cluster.isEmpty() ? "(outside clusters)" : cluster) + " " + day + " has expired: allocation keeps a day until "
                + keepAfterMonth.toDays() + " days after its month ends (" + Instant.ofEpochMilli(expiresAtMillis(day))
                + ") and its inputs have reached " + Instant.ofEpochMilli(clockMillis)
                + "; this row can no longer change the day (raise keepAfterMonth to backfill older months)";
    }
}
