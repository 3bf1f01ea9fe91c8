package dev.tally.common.clickhouse.migrations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned SQL file, e.g. {@code V0001__ingest_samples_hourly.sql}. Its checksum is
 * taken over the file as written, before placeholders are filled, so the same file gives
 * the same checksum whatever database it is applied to.
 */
public record Migration(int version, String name, String sqlTemplate, String checksum) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{4})__([a-z0-9_]+)\\.sql");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");
    /** Statements end with a semicolon at the end of a line; ClickHouse takes one per request. */
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*$", Pattern.MULTILINE);

    public static Migration of(String fileName, String sqlTemplate) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new MigrationException("migration file name " + fileName
                    + " does not match V<4 digits>__<lower_snake_name>.sql");
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), sqlTemplate, sha256(sqlTemplate));
    }

    public String fileName() {
        return "V%04d__%s.sql".formatted(version, name);
    }

    /** The statements to send, one by one, with every {@code ${placeholder}} filled in. */
    public List<String> statements(Map<String, String> placeholders) {
        String sql = fill(placeholders);
        List<String> statements = new ArrayList<>();
        for (String chunk : STATEMENT_END.split(sql)) {
            if (!withoutComments(chunk).isBlank()) {
                statements.add(chunk.strip());
            }
        }
        return statements;
    }

    private String fill(Map<String, String> placeholders) {
        Matcher m = PLACEHOLDER.matcher(sqlTemplate);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = placeholders.get(m.group(1));
            if (value == null) {
                throw new MigrationException(fileName() + " uses ${" + m.group(1)
                        + "}, which no setting provides (known: " + placeholders.keySet() + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String withoutComments(String chunk) {
        return chunk.replaceAll("(?m)^\\s*--.*$", "");
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
