package dev.tally.ingest.costs.blob;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.tally.ingest.costs.run.ExportStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exports in a Blob Storage container (also an ADLS Gen2 file system, through its Blob endpoint).
 * Parts are streamed in chunks as they are read ({@code BlobInputStream}, 4 MiB at a time) and
 * pinned to the ETag they had when opened: a blob replaced while being read fails the run
 * instead of mixing two versions.
 */
public final class BlobExportStore implements ExportStore {
    private final BlobContainerClient container;
    private final String root;
    private final String url;

    /** @param root a folder inside the container ({@code ""} or ending in {@code /}) that names are relative to */
    public BlobExportStore(BlobContainerClient container, String root) {
        this.container = container;
        this.root = root;
        this.url = container.getBlobContainerUrl(); // never carries the SAS token
    }

    @Override
    public List<StoredFile> list(String folder) throws IOException {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(root + folder)
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        List<StoredFile> files = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobs(options, null)) {
                if (Boolean.TRUE.equals(item.isPrefix()) || isFolderMarker(item.getMetadata()) || item.getName().endsWith("/")) {
                    continue;
                }
                files.add(new StoredFile(item.getName().substring(root.length()), item.getProperties().getContentLength(),
                        String.valueOf(item.getProperties().getETag())));
            }
        } catch (com.azure.core.exception.AzureException | java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
        files.sort(Comparator.comparing(StoredFile::name));
        return files;
    }

    @Override
    public Optional<StoredFile> find(String name) throws IOException {
        if (name.isEmpty() || name.endsWith("/")) {
            return Optional.empty();
        }
        try {
            BlobProperties properties = container.getBlobClient(root + name).getProperties();
            return isFolderMarker(properties.getMetadata()) ? Optional.empty()
                    : Optional.of(new StoredFile(name, properties.getBlobSize(), String.valueOf(properties.getETag())));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage(), e);
        } catch (com.azure.core.exception.AzureException | java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        BlobClient blob = container.getBlobClient(root + name);
        try {
            return blob.openInputStream();
        } catch (com.azure.core.exception.AzureException | java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public InputStream openAt(String name, long offset) throws IOException {
        try {
            return container.getBlobClient(root + name).openInputStream(
                    new com.azure.storage.blob.options.BlobInputStreamOptions().setRange(new com.azure.storage.blob.models.BlobRange(offset)));
        } catch (com.azure.core.exception.AzureException | java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String location(String name) {
        return url + "/" + root + name;
    }

    /** ADLS Gen2 lists its directories as empty blobs marked {@code hdi_isfolder}. */
    private static boolean isFolderMarker(Map<String, String> metadata) {
        return metadata != null && "true".equalsIgnoreCase(metadata.get("hdi_isfolder"));
    }
}
