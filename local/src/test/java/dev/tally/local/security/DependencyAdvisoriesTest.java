package dev.tally.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No library on the classpath is older than the fix of a known critical vulnerability in
 * {@code security/critical-advisories.tsv} (offline: the list is as current as its last edit; CI's network scan
 * finds new advisories, see docs/security.md). The classpath of this module's tests holds every module Tally ships
 * (common, ingest, jobs, reports, local) with what Maven resolved for them.
 */
class DependencyAdvisoriesTest {

    /** {@code .../repository/<group path>/<artifact>/<version>/<artifact>-<version>[-classifier].jar}. */
    private static final Pattern MAVEN_JAR = Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/\\2-\\3(-[^/]*)?\\.jar$");

    record Advisory(String artifact, List<String> fixedVersions, String advisories) {
    }

    @Test
    void noShippedLibraryIsBelowTheFixOfAKnownCriticalVulnerability() throws IOException {
        Map<String, String> resolved = resolvedArtifacts();
        assertThat(resolved).as("artifacts found on the classpath").hasSizeGreaterThan(100)
                .containsKeys("org.apache.logging.log4j:log4j-core", "com.fasterxml.jackson.core:jackson-databind",
                        "org.eclipse.jetty:jetty-http", "org.apache.kafka:kafka-clients");
        List<String> vulnerable = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Advisory advisory : advisories()) {
            String version = resolved.get(advisory.artifact());
            if (version == null) {
                continue;
            }
            checked.add(advisory.artifact() + ":" + version);
            if (!isFixed(version, advisory.fixedVersions())) {
                vulnerable.add(advisory.artifact() + ":" + version + " is below " + advisory.fixedVersions() + ": " + advisory.advisories());
            }
        }
        System.out.println("DependencyAdvisoriesTest: " + resolved.size() + " artifacts, checked " + checked);
        assertThat(vulnerable).as("libraries with a known critical vulnerability (checked: %s)", checked).isEmpty();
        assertThat(checked).as("advisories that concern what we ship").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void versionsCompareByTheirNumbersAndPerReleaseLine() {
        assertThat(isFixed("2.15.0", List.of("2.16.0"))).isFalse();
        assertThat(isFixed("2.24.3", List.of("2.16.0"))).isTrue();
        assertThat(isFixed("2.9.10.8", List.of("2.10.0"))).isFalse();
        assertThat(isFixed("4.1.118.Final", List.of("4.1.44"))).isTrue();
        assertThat(isFixed("4.1.9.Final", List.of("4.1.44"))).isFalse();
        assertThat(isFixed("3.8.4", List.of("3.7.2", "3.8.3", "3.9.1"))).isTrue();
        assertThat(isFixed("3.8.2", List.of("3.7.2", "3.8.3", "3.9.1"))).isFalse();
        assertThat(isFixed("3.10.0", List.of("3.7.2", "3.8.3", "3.9.1"))).isTrue();
        assertThat(isFixed("2.0", List.of("2.0"))).isTrue();
        assertThat(isFixed("1.33", List.of("2.0"))).isFalse();
    }

    /** groupId:artifactId → version of every Maven jar on the classpath. */
    static Map<String, String> resolvedArtifacts() {
        Map<String, String> out = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = MAVEN_JAR.matcher(entry.replace('\\', '/'));
            if (m.matches()) {
                out.put(m.group(1).replace('/', '.') + ":" + m.group(2), m.group(3));
            }
        }
        return out;
    }

    static List<Advisory> advisories() throws IOException {
        List<Advisory> out = new ArrayList<>();
        try (InputStream in = DependencyAdvisoriesTest.class.getResourceAsStream("/security/critical-advisories.tsv")) {
            assertThat(in).as("security/critical-advisories.tsv").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                assertThat(fields).as(line).hasSize(3);
                out.add(new Advisory(fields[0], List.of(fields[1].split(",")), fields[2]));
            }
        }
        return out;
    }

    static boolean isFixed(String version, List<String> fixedVersions) {
        String line = releaseLine(version);
        boolean aboveAll = true;
        for (String fixed : fixedVersions) {
            if (releaseLine(fixed).equals(line)) {
                return compare(version, fixed) >= 0;
            }
            aboveAll &= compare(version, fixed) > 0;
        }
        return aboveAll;
    }

    private static String releaseLine(String version) {
        List<Integer> n = numbers(version);
        return n.get(0) + "." + (n.size() > 1 ? n.get(1) : 0);
    }

    private static int compare(String a, String b) {
        List<Integer> x = numbers(a);
        List<Integer> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The leading numeric parts: {@code 4.1.118.Final} → [4, 1, 118]; {@code 33.4.0-jre} → [33, 4, 0]. */
    private static List<Integer> numbers(String version) {
        List<Integer> out = new ArrayList<>();
        for (String part : version.split("[.-]")) {
            if (!part.matches("\\d+")) {
                break;
            }
            out.add(Integer.parseInt(part));
        }
        if (out.isEmpty()) {
            out.add(0);
        }
        return out;
    }
}
