package dev.tally.ingest.gateway.limits;

/**
 * Why a request (or part of one) was not accepted: the HTTP status it earns, a short reason code for
 * metrics ({@code tally_gateway_rejections_total{reason=...}}), and a message naming the problem.
 */
public final class Rejection extends RuntimeException {

    private final int status;
    private final String reason;

    public Rejection(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public static Rejection badRequest(String reason, String message) {
        return new Rejection(400, reason, message);
    }

    public static Rejection tooLarge(String message) {
        return new Rejection(413, "body_too_large", message);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** True for problems with the content itself, which also go to the dead-letter topic. */
    public boolean isContentProblem() {
        return status == 400 || status == 413 || status == 415;
    }
}
