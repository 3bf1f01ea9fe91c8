package dev.tally.local.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Prometheus text exposition file (format 0.0.4), parsed once: its lines, the type each
 * {@code # TYPE} line declares, and every sample line's name, labels, value and where the value
 * stands in the line (so the line can be served again with another value). Test code: what
 * Tally's rules compute is checked against numbers read from the files with this parser, and
 * Prometheus parses the same files on its own.
 */
public final class ExpositionFile {

    /**
     * One sample line.
     *
     * @param name       the metric name
     * @param labels     the labels as written, empty values included (Prometheus drops those)
     * @param value      the value as written, e.g. {@code 2.510625} or {@code 1.572864e+07}
     * @param line       the line's index in the file
     * @param valueStart where the value starts in the line
     * @param valueEnd   where it ends
     */
    public record Sample(String name, Map<String, String> labels, String value, int line, int valueStart, int valueEnd) {

        public String label(String label) {
            return labels.getOrDefault(label, "");
        }

        /** The value as an exact decimal, or null for {@code NaN} and infinities. */
        public BigDecimal decimal() {
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final List<String> lines;
    private final Map<String, String> types;
    private final List<Sample> samples;

    private ExpositionFile(List<String> lines, Map<String, String> types, List<Sample> samples) {
        this.lines = lines;
        this.types = types;
        this.samples = samples;
    }

    public static ExpositionFile read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scrape file " + file + ": " + e.getMessage(), e);
        }
    }

    static ExpositionFile parse(List<String> lines) {
        Map<String, String> types = new TreeMap<>();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).trim().split("\\s+");
                if (parts.length == 2) {
                    types.put(parts[0], parts[1]);
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(sample(line, i));
        }
        return new ExpositionFile(List.copyOf(lines), Collections.unmodifiableMap(types), List.copyOf(samples));
    }

    private static Sample sample(String line, int index) {
        int nameEnd = 0;
        while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
            nameEnd++;
        }
        String name = line.substring(0, nameEnd);
        Map<String, String> labels = new TreeMap<>();
        int i = nameEnd;
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).trim();
                i = eq + 2; // past ="
                StringBuilder value = new StringBuilder();
                for (char c = line.charAt(i); c != '"'; c = line.charAt(++i)) {
                    if (c == '\\') {
                        char next = line.charAt(++i);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i++; // past the closing quote
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++; // past }
        }
        while (line.charAt(i) == ' ') {
            i++;
        }
        int valueEnd = line.indexOf(' ', i);
        if (valueEnd < 0) {
            valueEnd = line.length();
        }
        return new Sample(name, Collections.unmodifiableMap(labels), line.substring(i, valueEnd), index, i, valueEnd);
    }

    /** Family name → declared type ({@code counter}, {@code gauge}, …). */
    public Map<String, String> types() {
        return types;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of one family. */
    public List<Sample> samples(String family) {
        return samples.stream().filter(s -> s.name().equals(family)).toList();
    }

    public boolean isCounter(String family) {
        return "counter".equals(types.get(family));
    }

    /**
     * The file as served for the {@code n}-th time when counters advance: every sample of a family
     * declared {@code counter} shows its value × n (exact decimal arithmetic, written out in full),
     * everything else (gauges, comments, timestamps) as in the file.
     */
    public String advancedCounters(long n) {
        String[] out = lines.toArray(new String[0]);
        for (Sample s : samples) {
            if (!isCounter(s.name())) {
                continue;
            }
            BigDecimal value = s.decimal();
            if (value == null) {
                continue; // NaN / ±Inf: nothing to advance
            }
            String line = lines.get(s.line());
            out[s.line()] = line.substring(0, s.valueStart()) + value.multiply(BigDecimal.valueOf(n)).toPlainString()
                    + line.substring(s.valueEnd());
        }
        StringBuilder text = new StringBuilder();
        for (String line : out) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
