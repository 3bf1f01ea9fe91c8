package dev.tally.jobs.allocation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The formatter-free readings of times the allocation job does per row agree with java.time's. */
class AllocationTimesTest {

    @Test
    void wholeSecondInstantsReadAsInstantParseReadsThem() {
        long seed = 20261126L;
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L));
            String text = at.toString();
            assertThat(AllocationInputReader.wholeSecondUtc(text)).as("seed %d, %s", seed, text)
                    .isEqualTo(text.length() == 20 ? Instant.parse(text) : null);
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), 86_400L));
            assertThat(DayRetention.day(day.toString())).as("seed %d, %s", seed, day).isEqualTo(day);
        }
    }

    @Test
    void anythingElseIsLeftToTheFormatter() {
        assertThat(AllocationInputReader.wholeSecondUtc("2026-01-30T10:00:00.5Z")).isNull();
        assertThat(AllocationInputReader.wholeSecondUtc("2026-01-30T10:00:00+01")).isNull();
        assertThat(AllocationInputReader.wholeSecondUtc("2026-02-30T10:00:00Z")).isNull();
        assertThat(AllocationInputReader.wholeSecondUtc("2026-01-30T24:00:00Z")).isNull();
        assertThat(AllocationInputReader.wholeSecondUtc("2026-01-3aT10:00:00Z")).isNull();
        assertThat(AllocationInputReader.wholeSecondUtc("2026-01-30T10:00:00Z")).isEqualTo(Instant.parse("2026-01-30T10:00:00Z"));
    }
}
