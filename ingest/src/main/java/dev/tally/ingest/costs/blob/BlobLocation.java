package dev.tally.ingest.costs.blob;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where exports are in Blob Storage, from what a person types:
 * <ul>
 *   <li>{@code azblob://<account>/<container>[/<path>]}</li>
 *   <li>{@code abfss://<container>@<account>.dfs.core.windows.net[/<path>]} (ADLS Gen2; read through its Blob endpoint)</li>
 *   <li>{@code https://<account>.blob.core.windows.net/<container>[/<path>][?<SAS>]} (also {@code .dfs.})</li>
 *   <li>{@code http(s)://<host>:<port>/<account>/<container>[/<path>]}: an emulator such as Azurite (path-style)</li>
 * </ul>
 *
 * @param endpoint  the account's Blob endpoint, e.g. {@code https://acme.blob.core.windows.net}, without a trailing slash
 * @param account   the storage account
 * @param container the container (ADLS Gen2: the file system)
 * @param path      a folder or blob name inside the container, {@code ""} for all of it; never starts with {@code /}
 * @param sasToken  the URL's query when it is a SAS token, else null
 */
public record BlobLocation(String endpoint, String account, String container, String path, String sasToken) {

    public static boolean looksLikeBlobUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("azblob://") || lower.startsWith("abfss://") || lower.startsWith("abfs://")
                || lower.startsWith("https://") || lower.startsWith("http://");
    }

    public static BlobLocation parse(String text) {
        // error messages show the URL without its query: a SAS token there is a secret
        String shown = withoutQuery(text);
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + shown + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String rawPath = uri.getPath() == null ? "" : uri.getPath();
        String[] segments = rawPath.replaceFirst("^/+", "").split("/", -1);
        String query = uri.getRawQuery();
        switch (scheme) {
            case "azblob" -> {
                String account = uri.getHost();
                if (account == null || segments[0].isEmpty()) {
                    throw new IllegalArgumentException("expected azblob://<account>/<container>[/<path>], not " + shown);
                }
                return new BlobLocation("https://" + account + ".blob.core.windows.net", account, segments[0],
                        rest(segments, 1), null);
            }
            case "abfs", "abfss" -> {
                String container = uri.getUserInfo();
                String host = uri.getHost();
                if (container == null || host == null || !host.contains(".")) {
                    throw new IllegalArgumentException("expected abfss://<container>@<account>.dfs.core.windows.net[/<path>], not " + shown);
                }
                String account = host.substring(0, host.indexOf('.'));
                String suffix = host.substring(host.indexOf('.')).replaceFirst("^\\.dfs\\.", ".blob.");
                return new BlobLocation("https://" + account + suffix, account, container, rest(segments, 0), null);
            }
            case "http", "https" -> {
                String host = uri.getHost();
                if (host == null) {
                    throw new IllegalArgumentException("no host in " + shown);
                }
                String hostPort = host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
                String lowerHost = host.toLowerCase(Locale.ROOT);
                boolean virtualHost = lowerHost.contains(".blob.") || lowerHost.contains(".dfs.");
                String sas = query != null && query.contains("sig=") ? query : null;
                if (virtualHost) {
                    if (segments[0].isEmpty()) {
                        throw new IllegalArgumentException("no container in " + shown);
                    }
                    String account = host.substring(0, host.indexOf('.'));
                    String blobHost = hostPort.replaceFirst("(?i)\\.dfs\\.", ".blob.");
                    return new BlobLocation(scheme + "://" + blobHost, account, segments[0], rest(segments, 1), sas);
                }
                if (segments.length < 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
                    throw new IllegalArgumentException("expected " + scheme + "://" + hostPort
                            + "/<account>/<container>[/<path>] (an emulator's path-style URL), not " + shown);
                }
                return new BlobLocation(scheme + "://" + hostPort + "/" + segments[0], segments[0], segments[1],
                        rest(segments, 2), sas);
            }
            default -> throw new IllegalArgumentException("not a Blob Storage URL (azblob://, abfss://, https://): " + shown);
        }
    }

    /** The URL as typed up to its query ({@code ?<SAS>} becomes {@code ?…}), for messages. */
    static String withoutQuery(String text) {
        int query = text.indexOf('?');
        return query < 0 ? text.strip() : text.substring(0, query).strip() + "?…";
    }

    private static String rest(String[] segments, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < segments.length; i++) {
            if (!segments[i].isEmpty()) {
                sb.append(sb.isEmpty() ? "" : "/").append(segments[i]);
            }
        }
        // a trailing slash says "a folder": keep it so a folder and a blob of the same name differ
        if (!sb.isEmpty() && segments.length > from && segments[segments.length - 1].isEmpty()) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** The URL without any SAS token: safe to print. */
    @Override
    public String toString() {
        return endpoint + "/" + container + (path.isEmpty() ? "" : "/" + path);
    }
}
