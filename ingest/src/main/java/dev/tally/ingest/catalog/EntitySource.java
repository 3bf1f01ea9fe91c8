package dev.tally.ingest.catalog;

/**
 * Where an entity was read: the file (or URL), the document's position in it (1-based, for
 * multi-document YAML and for the items of a JSON list) and the line it starts on.
 */
public record EntitySource(String file, int document, int line) {
    @Override
    public String toString() {
        return file + ":" + line + " (document " + document + ")";
    }
}
