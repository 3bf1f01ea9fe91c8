package dev.tally.local.demo;

import java.io.PrintStream;

/**
 * One line of progress for long CLI work: redrawn in place on a terminal, and on a log
 * (CI, a pipe) one line per 10% so the log stays short.
 */
public final class ProgressLine {
    private final PrintStream out;
    private final String what;
    private final boolean terminal;
    private int lastDecile = -1;

    public ProgressLine(PrintStream out, String what) {
        this.out = out;
        this.what = what;
        this.terminal = System.console() != null && System.getenv("CI") == null;
    }

    public void update(double fraction, String detail) {
        double clamped = Math.max(0, Math.min(1, fraction));
        int percent = (int) Math.floor(clamped * 100);
        if (terminal) {
            int filled = percent / 5;
            out.print("\r  " + what + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + percent + "% " + detail + "   ");
            out.flush();
        } else if (percent / 10 > lastDecile) {
            lastDecile = percent / 10;
            out.println("  " + what + " " + percent + "% " + detail);
        }
    }

    public void done(String detail) {
        if (terminal) {
            out.print("\r  " + what + " [" + "#".repeat(20) + "] 100% " + detail + "   \n");
        } else {
            out.println("  " + what + " 100% " + detail);
        }
        out.flush();
    }
}
