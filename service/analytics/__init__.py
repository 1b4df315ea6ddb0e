"""Influence analytics: topic projections into GDS, algorithms, scores, roles and the job queue."""
