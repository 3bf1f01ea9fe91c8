package dev.tally.ingest.catalog;

/** Something in the catalog that could not be used as it stands, and why. */
public record CatalogProblem(EntitySource source, String reason) {
    @Override
    public String toString() {
        return source + ": " + reason;
    }
}
