package dev.tally.local.stack;

import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The bearer tokens the local stack's clusters push with: made once per data folder, random
 * 256-bit, kept in {@code <data>/gateway-tokens.properties} readable by its owner only. The
 * gateway is given their SHA-256 hashes, never the tokens. Clusters named later get a token
 * on the next start; existing tokens stay.
 */
public record GatewayTokens(Path file, Map<String, String> tokenByCluster) {

    public GatewayTokens {
        tokenByCluster = Map.copyOf(tokenByCluster);
    }

    public static GatewayTokens loadOrCreate(Path file, List<String> clusters) throws IOException {
        Properties tokens = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                tokens.load(in);
            }
        }
        boolean added = false;
        SecureRandom random = new SecureRandom();
        for (String cluster : clusters) {
            if (!tokens.containsKey(cluster)) {
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                tokens.setProperty(cluster, HexFormat.of().formatHex(secret));
                added = true;
            }
        }
        if (added) {
            write(file, tokens);
        }
        Map<String, String> byCluster = new TreeMap<>();
        tokens.stringPropertyNames().forEach(cluster -> byCluster.put(cluster, tokens.getProperty(cluster)));
        return new GatewayTokens(file, byCluster);
    }

    private static void write(Path file, Properties tokens) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(tmp)) {
            tokens.store(out, "cluster id = bearer token for the local ingest gateway (keep secret)");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** What the gateway is configured with: one SHA-256 hash per cluster. */
    public List<ClusterCredentials> credentials() {
        List<ClusterCredentials> credentials = new ArrayList<>();
        tokenByCluster.forEach((cluster, token) ->
                credentials.add(new ClusterCredentials(cluster, true, List.of(TokenHash.sha256Hex(token)))));
        return credentials;
    }

    /** Never shows the tokens. */
    @Override
    public String toString() {
        return "GatewayTokens[file=" + file + ", clusters=" + tokenByCluster.keySet() + "]";
    }
}
