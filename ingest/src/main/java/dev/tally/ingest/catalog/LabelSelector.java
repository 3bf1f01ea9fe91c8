package dev.tally.ingest.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector in its string form, as {@code backstage.io/kubernetes-label-selector}
 * holds it: comma-separated requirements {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key}, {@code !key}, {@code key in (a,b)}, {@code key notin (a,b)}.
 */
public record LabelSelector(List<Requirement> requirements) {

    public record Requirement(String key, Operator operator, Set<String> values) {
    }

    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /** @throws IllegalArgumentException naming the requirement that is not a selector */
    public static LabelSelector parse(String text) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitOutsideParentheses(text)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty requirement in label selector: " + text);
            }
            requirements.add(requirement(p, text));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            String value = labels.get(r.key());
            boolean ok = switch (r.operator()) {
                case IN -> value != null && r.values().contains(value);
                case NOT_IN -> value == null || !r.values().contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
            if (!ok) {
                return false;
            }
        }
        return !requirements.isEmpty();
    }

    private static Requirement requirement(String p, String text) {
        String[] words = p.split("\\s+", 3);
        if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
            String list = words[2].trim();
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw new IllegalArgumentException("a set requirement needs (values): " + p + " in " + text);
            }
            Set<String> values = Set.copyOf(List.of(list.substring(1, list.length() - 1).trim().split("\\s*,\\s*")));
            return new Requirement(key(words[0], text), words[1].equals("in") ? Operator.IN : Operator.NOT_IN, values);
        }
        int ne = p.indexOf("!=");
        if (ne > 0) {
            return new Requirement(key(p.substring(0, ne), text), Operator.NOT_IN, Set.of(p.substring(ne + 2).trim()));
        }
        int eq = p.indexOf('=');
        if (eq > 0) {
            int valueAt = p.startsWith("==", eq) ? eq + 2 : eq + 1;
            return new Requirement(key(p.substring(0, eq), text), Operator.IN, Set.of(p.substring(valueAt).trim()));
        }
        if (p.startsWith("!")) {
            return new Requirement(key(p.substring(1), text), Operator.DOES_NOT_EXIST, Set.of());
        }
        return new Requirement(key(p, text), Operator.EXISTS, Set.of());
    }

    private static String key(String raw, String text) {
        String key = raw.trim();
        if (key.isEmpty() || !key.matches("[A-Za-z0-9./_-]+")) {
            throw new IllegalArgumentException("not a label key: '" + key + "' in label selector " + text);
        }
        return key;
    }

    private static List<String> splitOutsideParentheses(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
