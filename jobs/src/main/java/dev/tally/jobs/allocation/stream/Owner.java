package dev.tally.jobs.allocation.stream;

import java.io.Serializable;

/**
 * Who pays for a workload: its team and cost center, and how that was found ({@code source}:
 * e.g. {@code catalog}, {@code namespace-label}, {@code tag}, {@code unowned}).
 */
public record Owner(String team, String costCenter, String source) implements Serializable {
    public static final String UNOWNED = "unowned";

    public static Owner unowned() {
        return new Owner(UNOWNED, "", UNOWNED);
    }
}
