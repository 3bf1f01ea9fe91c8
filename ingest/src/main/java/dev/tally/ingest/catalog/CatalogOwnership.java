package dev.tally.ingest.catalog;

import java.util.Optional;

/**
 * Who owns a workload: a row of {@code catalog_ownership}. Every workload gets one; what could
 * not be matched says so ({@link ComponentMatch#NONE}, team {@code unowned}) instead of vanishing.
 *
 * @param component  the matched component, if any
 * @param system     the component's system, if it names one
 * @param team       the owner group's name, or the fallback's team, or {@code unowned}
 * @param costCenter from the component, its group or the namespace; empty when none says
 * @param lifecycle  the component's lifecycle (production, experimental, …); empty without one
 */
public record CatalogOwnership(Workload workload, Optional<EntityRef> component, Optional<EntityRef> system,
                               String team, String costCenter, String lifecycle, ComponentMatch match,
                               TeamSource teamSource) {
}
