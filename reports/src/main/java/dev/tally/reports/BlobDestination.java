package dev.tally.reports;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.tally.ingest.costs.blob.BlobAccess;
import dev.tally.ingest.costs.blob.BlobLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Azure Blob Storage or ADLS Gen2 (through its Blob endpoint), authenticated as the cost importer
 * is ({@link BlobAccess}; the identity needs "Storage Blob Data Contributor"). Every blob is
 * created with {@code If-None-Match: *}, so nothing published is ever overwritten and two writers
 * never both get a number; files appear whole (staged blocks, then one commit each) and the
 * manifest after them, so a reader that takes a version to exist when its manifest does never
 * sees part of one.
 */
public record BlobDestination(BlobContainerClient container, BlobLocation location) implements ReportDestination {
    private static final int BLOCK_BYTES = 8 * 1024 * 1024;

    public static BlobDestination of(BlobLocation location, Map<String, String> env) {
        return new BlobDestination(BlobAccess.container(location, env), location);
    }

    private String prefix() {
        String path = location.path();
        return path.isEmpty() ? "" : path.endsWith("/") ? path : path + "/";
    }

    @Override
    public List<Integer> versions(YearMonth month) {
        String monthPrefix = prefix() + "chargeback/" + month + "/";
        TreeSet<Integer> out = new TreeSet<>();
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(monthPrefix), null)) {
            String rest = item.getName().substring(monthPrefix.length());
            int slash = rest.indexOf('/');
            int v = slash > 0 ? ReportDestination.versionOf(rest.substring(0, slash)) : -1;
            if (v > 0) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<byte[]> manifest(YearMonth month, int version) {
        try {
            return Optional.of(container.getBlobClient(name(month, version, MANIFEST)).downloadContent().toBytes());
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND || e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Two steps, so that the upload's duration is never visible: every file's blocks are staged
     * first (uncommitted blocks are in no listing), then each file's block list is committed
     * (a blob appears whole, at once) and the manifest is uploaded last.
     */
    @Override
    public void publish(YearMonth month, int version, List<Path> files, byte[] manifest) throws IOException {
        BlobRequestConditions createOnly = new BlobRequestConditions().setIfNoneMatch("*");
        try {
            List<List<String>> blocks = new ArrayList<>();
            for (Path file : files) {
                blocks.add(stage(block(month, version, file.getFileName().toString()), file));
            }
            for (int i = 0; i < files.size(); i++) {
                block(month, version, files.get(i).getFileName().toString()).commitBlockListWithResponse(
                        new BlockBlobCommitBlockListOptions(blocks.get(i)).setRequestConditions(createOnly), null, null);
            }
            container.getBlobClient(name(month, version, MANIFEST)).uploadWithResponse(
                    new BlobParallelUploadOptions(BinaryData.fromBytes(manifest)).setRequestConditions(createOnly), null, null);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                throw new IllegalStateException(location(month, version) + " exists: a published version is never overwritten", e);
            }
            throw e;
        }
    }

    private static List<String> stage(BlockBlobClient blob, Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        byte[] buffer = new byte[BLOCK_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                String id = Base64.getEncoder().encodeToString(String.format("%08d", ids.size()).getBytes(StandardCharsets.US_ASCII));
                blob.stageBlock(id, BinaryData.fromBytes(Arrays.copyOf(buffer, n)));
                ids.add(id);
            }
        }
        return ids;
    }

    private BlockBlobClient block(YearMonth month, int version, String file) {
        return container.getBlobClient(name(month, version, file)).getBlockBlobClient();
    }

    @Override
    public String location(YearMonth month, int version) {
        return location.endpoint() + "/" + location.container() + "/" + prefix() + ReportDestination.folder(month, version);
    }

    private String name(YearMonth month, int version, String file) {
        return prefix() + ReportDestination.folder(month, version) + "/" + file;
    }
}
