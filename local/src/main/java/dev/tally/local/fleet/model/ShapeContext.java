package dev.tally.local.fleet.model;

/**
 * What a usage shape needs besides time: the container's own noise key (so two replicas of
 * one Deployment do not move in lock-step) and the scrape step (the model's time resolution).
 */
public record ShapeContext(long key, int stepSeconds) {
}
