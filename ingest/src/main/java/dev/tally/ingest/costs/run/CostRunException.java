package dev.tally.ingest.costs.run;

/**
 * A run that cannot be imported as a whole: a missing or short part, a manifest that does not
 * match its files, a truncated gzip, an unrecognized header. The message names the file; nothing
 * of the run becomes visible.
 */
public final class CostRunException extends RuntimeException {
    private final String file;

    public CostRunException(String file, String problem) {
        this(file, problem, null);
    }

    public CostRunException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public String file() {
        return file;
    }
}
