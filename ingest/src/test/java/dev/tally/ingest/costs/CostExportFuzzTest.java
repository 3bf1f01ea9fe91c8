package dev.tally.ingest.costs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.FormatRecognizer;
import dev.tally.ingest.costs.format.HeaderIndex;
import dev.tally.ingest.costs.format.UnrecognizedExportException;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Seeded-random property tests (plain JUnit: the seed is in every failure message, so a failure
 * replays). Generated EA exports with awkward but valid content read back exactly; corrupted ones
 * never throw past the reader, and every rejection carries a reason and a line of the file.
 */
class CostExportFuzzTest {

    static final List<String> EA_HEADER = List.of("BillingAccountId", "BillingPeriodStartDate", "BillingPeriodEndDate",
            "AccountOwnerId", "SubscriptionId", "Date", "MeterCategory", "Quantity", "Cost", "BillingCurrency",
            "ResourceLocation", "ResourceId", "ResourceName", "AdditionalInfo", "Tags", "ResourceGroup", "ChargeType",
            "PricingModel", "benefitId");
    static final int COST = EA_HEADER.indexOf("Cost");
    static final int DATE = EA_HEADER.indexOf("Date");
    static final int TAGS = EA_HEADER.indexOf("Tags");

    /** One generated export: its text, and per data row its first physical line and cost. */
    record Generated(String text, List<Long> lines, List<BigDecimal> costs, List<List<String>> rows) {}

    static String quote(String v) {
        boolean needs = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
        return needs ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    static String awkwardText(Random r) {
        String[] pieces = {"a", "Z", " ", ",", "\"", "\n", "\r\n", "é", "日本", "{", "}", ":", "/", "NULL", "x y"};
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    static String jsonText(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    static BigDecimal randomCost(Random r) {
        BigDecimal v = new BigDecimal(java.math.BigInteger.valueOf(r.nextLong() % 10_000_000_000L), r.nextInt(29));
        return r.nextInt(10) == 0 ? v.negate() : v;
    }

    static Generated generate(Random r, int rows) {
        StringBuilder text = new StringBuilder();
        if (r.nextBoolean()) {
            text.append('\uFEFF');
        }
        String eol = r.nextBoolean() ? "\n" : "\r\n";
        text.append(String.join(",", EA_HEADER)).append(eol);
        long line = 2;
        List<Long> lines = new ArrayList<>();
        List<BigDecimal> costs = new ArrayList<>();
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            BigDecimal cost = randomCost(r);
            String name = awkwardText(r);
            String tags = (r.nextBoolean() ? "" : "{") + jsonText("team") + ": " + jsonText(awkwardText(r));
            tags = tags.startsWith("{") ? tags + "}" : tags;
            List<String> f = new ArrayList<>(List.of("8611537", "09/01/2023", "09/30/2023", "owner@example.com",
                    "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674",
                    r.nextBoolean() ? "09/%02d/2023".formatted(1 + r.nextInt(30)) : "2023-09-%02d".formatted(1 + r.nextInt(30)),
                    "Virtual Machines", "1", cost.toPlainString(), "USD", "EastUS",
                    "/subscriptions/9ec51cfd/resourceGroups/MC_rg_c_eastus/providers/Microsoft.Compute/disks/" + i,
                    name, "{\"ServiceType\":\"Standard_B2s\"}", tags, "MC_rg_c_eastus", "Usage", "OnDemand", ""));
            String joined = String.join(",", f.stream().map(CostExportFuzzTest::quote).toList());
            lines.add(line);
            line += joined.chars().filter(c -> c == '\n').count() + 1;
            text.append(joined).append(eol);
            costs.add(cost);
            all.add(f);
        }
        return new Generated(text.toString(), lines, costs, all);
    }

    static List<CostReadResult> readAll(byte[] bytes) throws Exception {
        List<CostReadResult> out = new ArrayList<>();
        try (var reader = CostExportReader.open(new ByteArrayInputStream(bytes), "fuzz.csv", ReadOptions.of(CostView.ACTUAL))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void awkwardButValidExportsReadBackExactly() throws Exception {
        for (long seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            Generated g = generate(r, 1 + r.nextInt(30));
            List<CostReadResult> results = readAll(g.text().getBytes(StandardCharsets.UTF_8));
            String where = "seed " + seed;
            assertThat(results).as(where).allSatisfy(x -> assertThat(x).as(where + " " + x).isInstanceOf(CostLineItem.class));
            assertThat(results).extracting(CostReadResult::sourceLine).as(where).containsExactlyElementsOf(g.lines());
            for (int i = 0; i < results.size(); i++) {
                CostLineItem item = (CostLineItem) results.get(i);
                assertThat(item.billedCost()).as(where).isEqualTo(g.costs().get(i)); // same scale, same digits
                // text values are trimmed; an empty name falls back to the id's last segment
                String name = g.rows().get(i).get(EA_HEADER.indexOf("ResourceName")).strip();
                assertThat(item.resourceName()).as(where).isEqualTo(name.isEmpty() ? String.valueOf(i) : name);
                assertThat(item.tags()).as(where).containsOnlyKeys("team");
            }
        }
    }

    @Test
    void corruptedFieldsAreRejectedOnTheirLineAndTheOtherRowsKeepTheirMoney() throws Exception {
        String[] garbage = {"abc", "1.2.3", "", "--1", "1e99999", "{", "\"\"", "12/45/2023", "NaN"};
        for (long seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            int n = 2 + r.nextInt(20);
            Generated g = generate(r, n);
            Set<Integer> broken = new TreeSet<>();
            StringBuilder text = new StringBuilder(String.join(",", EA_HEADER)).append('\n');
            BigDecimal expected = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                List<String> f = new ArrayList<>(g.rows().get(i));
                if (r.nextInt(3) == 0) {
                    int column = new int[] {COST, DATE, TAGS}[r.nextInt(3)];
                    f.set(column, column == TAGS ? "\"team\": " : garbage[r.nextInt(garbage.length)]);
                    broken.add(i);
                } else {
                    expected = expected.add(g.costs().get(i));
                }
                text.append(String.join(",", f.stream().map(CostExportFuzzTest::quote).toList())).append('\n');
            }
            // line numbers of the rewritten text (plain LF, no BOM)
            List<Long> lines = new ArrayList<>();
            long line = 2;
            for (List<String> f : g.rows()) {
                lines.add(line);
                line += String.join(",", f.stream().map(CostExportFuzzTest::quote).toList()).chars().filter(c -> c == '\n').count() + 1;
            }
            List<CostReadResult> results = readAll(text.toString().getBytes(StandardCharsets.UTF_8));
            String where = "seed " + seed + " broken rows " + broken;
            assertThat(results).as(where).hasSize(n);
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                CostReadResult x = results.get(i);
                assertThat(x.sourceLine()).as(where).isEqualTo(lines.get(i));
                if (broken.contains(i)) {
                    assertThat(x).as(where + " row " + i).isInstanceOf(CostRejection.class);
                    assertThat(((CostRejection) x).column()).as(where).isIn("Cost", "Date", "Tags");
                } else {
                    assertThat(x).as(where + " row " + i + " " + x).isInstanceOf(CostLineItem.class);
                    sum = sum.add(((CostLineItem) x).billedCost());
                }
            }
            assertThat(sum).as(where).isEqualByComparingTo(expected);
        }
    }

    /** Random damage to the bytes: nothing escapes, every result is placed and explained. */
    @Test
    void randomCorruptionNeverEscapesAndEveryRejectionHasAReasonAndALine() throws Exception {
        int recognized = 0;
        int refused = 0;
        long rejections = 0;
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (long seed = 0; seed < 1500; seed++) {
            Random r = new Random(seed);
            byte[] bytes = corrupt(r, generate(r, 1 + r.nextInt(15)).text().getBytes(StandardCharsets.UTF_8));
            long physicalLines = 1;
            for (byte b : bytes) {
                physicalLines += (b == '\n' || b == '\r') ? 1 : 0; // an upper bound whatever the line ends
            }
            String where = "seed " + seed;
            List<CostReadResult> results;
            try {
                results = readAll(bytes);
                recognized++;
            } catch (UnrecognizedExportException e) {
                assertThat(e.getMessage()).as(where).startsWith("fuzz.csv: ");
                assertThat(e.missingColumns()).as(where).isNotEmpty();
                refused++;
                continue;
            }
            long previous = 1;
            for (CostReadResult x : results) {
                assertThat(x.sourceLine()).as(where + " " + x).isGreaterThan(previous).isLessThanOrEqualTo(physicalLines);
                previous = x.sourceLine();
                if (x instanceof CostRejection rej) {
                    rejections++;
                    kinds.merge((rej.column() == null ? "(row)" : rej.column()) + ": "
                            + rej.reason().replaceAll("(?s)'.*", "'…'").replaceAll("\\d+", "N"), 1, Integer::sum);
                    assertThat(rej.reason()).as(where).isNotBlank();
                    assertThat(rej.reason()).as(where).doesNotStartWith("unexpected"); // no rule fell through
                    assertThat(rej.sourceFile()).isEqualTo("fuzz.csv");
                }
            }
        }
        System.out.printf("corruption fuzz: %d files read, %d headers refused, %d rejections%n", recognized, refused, rejections);
        kinds.forEach((k, n) -> System.out.printf("  %5d  %s%n", n, k));
        assertThat(recognized).as("most damage leaves the header readable").isGreaterThan(refused);
        assertThat(rejections).as("the damage is seen").isPositive();
    }

    static byte[] corrupt(Random r, byte[] in) {
        byte[] b = in;
        int damages = 1 + r.nextInt(4);
        for (int d = 0; d < damages && b.length > 0; d++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(9)) {
                case 0 -> b[at] = (byte) r.nextInt(256); // any byte, often invalid UTF-8
                case 1 -> b = Arrays.copyOf(b, at); // truncation
                case 2 -> b = insert(b, at, "\"".getBytes(StandardCharsets.UTF_8));
                case 3 -> b = insert(b, at, ",".getBytes(StandardCharsets.UTF_8));
                case 4 -> b = insert(b, at, (r.nextBoolean() ? "\n" : "\r").getBytes(StandardCharsets.UTF_8));
                case 5 -> b = remove(b, at, Math.min(b.length - at, r.nextInt(40)));
                case 6 -> b = insert(b, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                case 7 -> b = insert(b, at, Arrays.copyOfRange(b, r.nextInt(b.length), b.length));
                default -> b = insert(b, at, new byte[] {(byte) 0xC3}); // half a UTF-8 sequence
            }
        }
        return b;
    }

    static byte[] insert(byte[] b, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.writeBytes(what);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    static byte[] remove(byte[] b, int at, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.write(b, at + n, b.length - at - n);
        return out.toByteArray();
    }

    /** Shuffled, re-cased, thinned and padded headers: a format or one clear error, never anything else. */
    @Test
    void formatRecognitionOnRandomHeaders() {
        List<List<String>> bases = List.of(EA_HEADER,
                List.of("SubscriptionGuid", "ResourceGroup", "UsageDateTime", "MeterCategory", "UsageQuantity", "PreTaxCost",
                        "InstanceId", "Tags", "AdditionalInfo", "Currency"),
                List.of("BilledCost", "EffectiveCost", "ListCost", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
                        "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeClass", "ResourceId", "Tags"));
        int recognized = 0;
        for (long seed = 0; seed < 2000; seed++) {
            Random r = new Random(seed);
            List<String> header = new ArrayList<>(bases.get(r.nextInt(bases.size())));
            Collections.shuffle(header, r);
            header.removeIf(h -> r.nextInt(8) == 0);
            header.replaceAll(h -> switch (r.nextInt(4)) {
                case 0 -> h.toLowerCase(Locale.ROOT);
                case 1 -> h.toUpperCase(Locale.ROOT);
                case 2 -> "Lokalisiert (" + h + ")";
                default -> h;
            });
            if (r.nextBoolean()) {
                header.add(r.nextInt(header.size() + 1), "x_" + Long.toHexString(r.nextLong()));
            }
            HeaderIndex index = new HeaderIndex(header);
            try {
                CostExportFormat format = FormatRecognizer.recognize("h.csv", index);
                recognized++;
                assertThat(FormatRecognizer.required(format)).as("seed %d", seed).allSatisfy(c -> assertThat(index.has(c)).isTrue());
            } catch (UnrecognizedExportException e) {
                assertThat(e.missingColumns()).as("seed %d: %s", seed, e.getMessage()).isNotEmpty();
                assertThat(e.missingColumns()).allSatisfy(m ->
                        assertThat(e.getMessage()).contains(m));
            }
        }
        assertThat(recognized).isGreaterThan(500);
    }
}
