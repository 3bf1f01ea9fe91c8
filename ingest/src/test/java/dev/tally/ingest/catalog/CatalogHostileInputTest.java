package dev.tally.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile catalog files: alias bombs, deep nesting, huge documents and files, bytes that are not
 * UTF-8, random corruption. Each bad document is one problem naming file, document and line; the
 * good documents around it are read. Budget: 1000 seeded mutations plus a handful of fixed cases.
 */
class CatalogHostileInputTest {
    private static final long SEED = 20261126L;
    private final CatalogReader reader = new CatalogReader();

    private static String component(String name) {
        return "kind: Component\nmetadata:\n  name: " + name + "\nspec:\n  owner: team-a\n";
    }

    private static List<String> names(CatalogReader.CatalogFile file) {
        return file.entities().stream().map(e -> e.ref().name()).toList();
    }

    @Test
    void aBillionLaughsAliasBombIsNotExpandedAndItsNeighboursAreRead() {
        StringBuilder bomb = new StringBuilder("kind: Component\nmetadata:\n  name: bomb\nspec:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'z'; c++) { // 9^25 "lol"s if aliases were expanded
            bomb.append("  ").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i > 0 ? "," : "").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = c;
        }
        String text = component("before") + "---\n" + bomb + "---\n" + component("after");

        CatalogReader.CatalogFile file = reader.read("bomb.yaml", text);

        assertThat(names(file)).containsExactly("before", "bomb", "after");
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void nestingDeeperThanAThousandIsOneProblemAndTheOtherDocumentsAreRead() {
        String flow = "kind: Component\nmetadata:\n  name: flow\nspec:\n  x: " + "[".repeat(100_000) + "\n";
        String block = "kind: Component\nmetadata:\n  name: block\nspec:\n  x:\n    " + "- ".repeat(1_500) + "1\n"; // nested block sequences
        String text = component("first") + "---\n" + flow + "---\n" + component("middle") + "---\n" + block + "---\n" + component("last");

        CatalogReader.CatalogFile file = reader.read("deep.yaml", text);

        assertThat(names(file)).containsExactly("first", "middle", "last");
        assertThat(file.problems()).hasSize(2).allSatisfy(p -> {
            assertThat(p.source().file()).isEqualTo("deep.yaml");
            assertThat(p.reason()).startsWith("not readable as YAML, this document is skipped").contains("nesting depth");
        });
        assertThat(file.problems()).extracting(p -> p.source().document()).containsExactly(2, 4);
        assertThat(file.problems().get(0).source().line()).isEqualTo(6); // the document's "---": the depth error has no position
    }

    @Test
    void deeplyNestedJsonIsOneProblemNamingTheFile() {
        CatalogReader.CatalogFile file = reader.read("deep.json", "[" + "{\"a\":[".repeat(3_000));

        assertThat(file.entities()).isEmpty();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.source().file()).isEqualTo("deep.json");
            assertThat(p.reason()).startsWith("not readable as JSON").contains("nesting depth");
        });
    }

    @Test
    void aDocumentAboveAMillionCharactersIsOneProblemAndTheOthersAreRead() {
        String huge = "kind: Component\nmetadata:\n  name: huge\n  description: " + "x".repeat(CatalogReader.MAX_DOCUMENT_CHARS) + "\n";
        String text = component("before") + "---\n" + huge + "---\n" + component("after");

        CatalogReader.CatalogFile file = reader.read("huge.yaml", text);

        assertThat(names(file)).containsExactly("before", "after");
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(new EntitySource("huge.yaml", 2, 6));
            assertThat(p.reason()).isEqualTo("document is " + (huge.length() + 3) + " characters, above the limit of 1000000; skipped");
        });
    }

    @Test
    void aFileAboveThirtyTwoMebibytesIsOneProblemAndNothingIsRead(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.write(big, (component("x") + "#" + " ".repeat((int) CatalogReader.MAX_FILE_BYTES)).getBytes(StandardCharsets.US_ASCII));

        CatalogReader.CatalogFile file = reader.read(big);

        assertThat(file.entities()).isEmpty();
        assertThat(file.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .isEqualTo("file is " + Files.size(big) + " bytes, above the limit of 33554432; nothing read"));
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWithTheirLineAndTheEntitiesAreKept(@TempDir Path dir) throws IOException {
        byte[] before = (component("before") + "---\nkind: Component\nmetadata:\n  name: latin1\n  title: caf").getBytes(StandardCharsets.US_ASCII);
        byte[] after = ("\n---\n" + component("after")).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[before.length + 2 + after.length];
        System.arraycopy(before, 0, bytes, 0, before.length);
        bytes[before.length] = (byte) 0xE9; // "é" in Latin-1, invalid as UTF-8
        bytes[before.length + 1] = (byte) 0xFF;
        System.arraycopy(after, 0, bytes, before.length + 2, after.length);
        Path path = dir.resolve("latin1.yaml");
        Files.write(path, bytes);

        CatalogReader.CatalogFile file = reader.read(path);

        assertThat(names(file)).containsExactly("before", "latin1", "after");
        assertThat(file.entities().get(1).title()).isEqualTo("caf\uFFFD\uFFFD");
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.source().line()).isEqualTo(10);
            assertThat(p.reason()).isEqualTo("not UTF-8 at byte " + before.length + "; invalid bytes are read as U+FFFD");
        });
    }

    /** Random garbage within one document (no line breaks, so document boundaries stay): the others are all read. */
    @Test
    void randomCorruptionOfOneDocumentNeverCostsTheOthers() {
        String alphabet = "abcXYZ0123 :-[]{}&*!|>'\"#%@`,?\t\\\u00e9\u65e5\u0000\uFFFF";
        for (int iteration = 0; iteration < 1_000; iteration++) {
            long seed = SEED + iteration;
            Random random = new Random(seed);
            StringBuilder middle = new StringBuilder(component("middle"));
            for (int edits = 1 + random.nextInt(6); edits > 0; edits--) {
                int at = random.nextInt(middle.length() + 1);
                if (random.nextBoolean() && at < middle.length() && middle.charAt(at) != '\n') {
                    middle.deleteCharAt(at);
                } else {
                    middle.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = component("first") + "---\n" + middle + "\n---\n" + component("last");

            CatalogReader.CatalogFile file = reader.read("fuzz.yaml", text);

            assertThat(names(file)).as("seed %d, middle document:%n%s%nproblems %s", seed, middle, file.problems())
                    .startsWith("first").endsWith("last").hasSizeBetween(2, 3);
            assertThat(file.problems()).as("seed %d", seed).allSatisfy(p -> {
                assertThat(p.source().file()).isEqualTo("fuzz.yaml");
                assertThat(p.source().line()).isPositive();
                assertThat(p.reason()).isNotBlank();
            });
        }
    }
}
