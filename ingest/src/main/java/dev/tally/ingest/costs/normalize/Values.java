package dev.tally.ingest.costs.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading one field's text: decimals, dates, JSON bags. Each rule says what it refuses. */
public final class Values {
    private Values() {}

    /** Integer digits beyond this are no cost-export amount (and keep sums cheap). */
    public static final int MAX_INTEGER_DIGITS = 18;
    /** Real exports carry up to 28 decimal places. */
    public static final int MAX_DECIMAL_PLACES = 32;

    // raw line breaks inside tag values happen in hand-edited tags; they are text, not a reason to lose the row
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    /** Reads one nested value out of {@link #JSON}'s parser: the object around it is not "trailing". */
    private static final ObjectMapper NESTED = new ObjectMapper();
    private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * A decimal exactly as written ({@code 0.0000000072922557592391990000} keeps its 28 places;
     * {@code 1E-5} is accepted). Refuses anything {@link BigDecimal} does not read (thousands
     * separators, {@code NaN}, words) and magnitudes no export has.
     */
    public static BigDecimal decimal(String text) throws NumberFormatException {
        String s = text.strip();
        if (s.length() > 80) {
            throw new NumberFormatException("longer than 80 characters");
        }
        BigDecimal value = new BigDecimal(s);
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.scale() > MAX_DECIMAL_PLACES) {
            throw new NumberFormatException("more than " + MAX_DECIMAL_PLACES + " decimal places");
        }
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw new NumberFormatException("more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        // a huge negative scale ("1E+9") is fine after the checks above; keep the written form
        return value;
    }

    /**
     * A date or timestamp as exports write them, as a UTC instant: US {@code M/d/yyyy}
     * (cost details), ISO {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss} or
     * {@code yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh:mm]}. A time without zone is UTC (Cost Management
     * and the FOCUS sample mean UTC). Day-first dates are refused, not guessed.
     */
    public static Instant instant(String text) throws DateTimeParseException {
        String s = text.strip();
        Matcher us = US_DATE.matcher(s);
        if (us.matches()) {
            return LocalDate.of(Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)),
                    Integer.parseInt(us.group(2))).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (ISO_DATE.matcher(s).matches()) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        if (iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    /**
     * A JSON object of text values: tags or additional info. Accepts the object without its
     * braces ({@code "env": "prod","org": "trey"}, as EA exports write tags), empty text as no
     * entries, and nested values as their JSON text. JSON {@code null} values become empty text.
     * Duplicate keys: the last wins (keys differing in spaces or case stay distinct). Raw control
     * characters (a line break) inside a value are accepted as text.
     */
    public static Map<String, String> jsonObject(String text) throws JsonProcessingException {
        String s = text.strip();
        if (s.isEmpty()) {
            return Map.of();
        }
        if (!s.startsWith("{")) {
            s = "{" + s + "}";
        }
        // streamed, not through a tree: this runs for tags and additional info of every row
        Map<String, String> map = new LinkedHashMap<>();
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new JsonProcessingException("not a JSON object") {};
            }
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != com.fasterxml.jackson.core.JsonToken.END_OBJECT;
                 t = p.nextToken()) {
                String key = p.currentName();
                map.put(key, switch (p.nextToken()) {
                    case VALUE_NULL -> "";
                    case VALUE_STRING -> p.getText();
                    case VALUE_TRUE, VALUE_FALSE -> Boolean.toString(p.getBooleanValue());
                    // as a tree's number node prints it: 1.50 → 1.5
                    case VALUE_NUMBER_FLOAT -> Double.toString(p.getDoubleValue());
                    case VALUE_NUMBER_INT -> p.getNumberValue().toString();
                    default -> NESTED.readTree(p).toString(); // nested: its JSON text
                });
            }
            if (p.nextToken() != null) {
                throw new JsonProcessingException("text after the JSON object") {};
            }
        } catch (java.io.IOException e) {
            if (e instanceof JsonProcessingException j) {
                throw j;
            }
            throw new java.io.UncheckedIOException(e); // a String cannot fail to be read
        }
        return map;
    }
}
