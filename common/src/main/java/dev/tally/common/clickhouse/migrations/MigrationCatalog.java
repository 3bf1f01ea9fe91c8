package dev.tally.common.clickhouse.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The migrations shipped on the classpath under {@code clickhouse/migrations/}, in the order
 * of its {@code index.txt}. An index rather than a directory scan because resources inside
 * a jar cannot be listed portably.
 */
public final class MigrationCatalog {
    static final String FOLDER = "clickhouse/migrations/";

    private MigrationCatalog() {
    }

    public static List<Migration> bundled() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read("index.txt").split("\n")) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Migration migration = Migration.of(fileName, read(fileName));
            if (!migrations.isEmpty() && migration.version() != migrations.get(migrations.size() - 1).version() + 1) {
                throw new MigrationException("migration " + fileName + " breaks the version sequence in "
                        + FOLDER + "index.txt: versions must go up by one");
            }
            migrations.add(migration);
        }
        return List.copyOf(migrations);
    }

    private static String read(String fileName) {
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(FOLDER + fileName)) {
            if (in == null) {
                throw new MigrationException("migration resource " + FOLDER + fileName + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException("cannot read " + FOLDER + fileName, e);
        }
    }
}
