package dev.tally.ingest.drift;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which containers get series, so the exporter's cardinality stays bounded whatever the fleet's
 * size: those in the selected namespaces, at most {@code maxContainers} of them, containers at
 * risk first (an OOM-killed container matters whatever its money), then by the size of the
 * monthly cost difference (saving or extra cost), then by identity so the choice is stable.
 *
 * @param namespaces         names or globs ({@code *}: any characters); empty selects every namespace
 * @param excludedNamespaces names or globs never selected
 */
public record DriftSelection(List<String> namespaces, List<String> excludedNamespaces, int maxContainers) {

    private static final Comparator<RightsizingRecommendation> ORDER =
            Comparator.comparing((RightsizingRecommendation r) -> !r.risky())
                    .thenComparing(r -> r.monthlySavings().abs(), Comparator.reverseOrder())
                    .thenComparing(r -> identity(r.container()));

    public DriftSelection {
        namespaces = List.copyOf(namespaces);
        excludedNamespaces = List.copyOf(excludedNamespaces);
    }

    public List<RightsizingRecommendation> select(Collection<RightsizingRecommendation> known) {
        List<Pattern> include = namespaces.stream().map(DriftSelection::glob).toList();
        List<Pattern> exclude = excludedNamespaces.stream().map(DriftSelection::glob).toList();
        return known.stream()
                .filter(r -> include.isEmpty() || matches(include, r.container().namespace()))
                .filter(r -> !matches(exclude, r.container().namespace()))
                .sorted(ORDER)
                .limit(maxContainers)
                .toList();
    }

    private static boolean matches(List<Pattern> patterns, String namespace) {
        return patterns.stream().anyMatch(p -> p.matcher(namespace).matches());
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static String identity(ContainerRef c) {
        return String.join("\u0000", c.cluster(), c.namespace(), c.workloadKind(), c.workloadName(), c.container());
    }
}
