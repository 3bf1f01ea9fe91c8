package dev.tally.jobs.ingesthealth;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.jobs.hourly.HourlyRunningTotals;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/** The running total of samples per {@link SampleCount#rowKey()}: a row of {@code ingest_samples_hourly}. */
public final class HourlySampleTotals extends HourlyRunningTotals<SampleCount, IngestSamplesHourly> {

    public static final OutputTag<DeadLetter> TOO_LATE = new OutputTag<>("too-late") { };

    public HourlySampleTotals(Duration earlyResultInterval, Duration lateness) {
        super(earlyResultInterval, lateness, IngestSamplesHourly.class, TOO_LATE);
    }

    @Override
    protected Instant hourOf(SampleCount count) {
        return count.hour();
    }

    @Override
    protected IngestSamplesHourly emptyTotal(SampleCount count) {
        return new IngestSamplesHourly(count.hour(), count.cluster(), count.contentType(), 0);
    }

    @Override
    protected IngestSamplesHourly add(IngestSamplesHourly total, SampleCount count) {
        return new IngestSamplesHourly(total.hour(), total.cluster(), total.contentType(), total.samples() + count.samples());
    }

    @Override
    protected long versionOf(IngestSamplesHourly total) {
        return total.version();
    }

    @Override
    protected Instant hourOfTotal(IngestSamplesHourly total) {
        return total.hour();
    }

    @Override
    protected DeadLetter tooLate(SampleCount count, Duration lateness, Instant now) {
        return DeadLetter.of("samples for hour " + count.hour() + " arrived more than " + lateness
                        + " after that hour ended; its count is closed",
                IngestSamplesJob.STAGE, count.position(), count.cluster(), count.contentType(), null, now);
    }
}
